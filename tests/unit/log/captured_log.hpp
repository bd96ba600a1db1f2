// tests/unit/log/captured_log.hpp — test fixture helpers: a logger
// configuration that captures lines in memory for the life of the object and
// then restores the defaults, and the fixed timestamp used by exact-output
// tests.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "common/log/log.hpp"

namespace pb::log::testing {

// 2026-11-25T08:30:00.123Z
inline constexpr uint64_t kFixedUnixNs = 1'795'595'400'123'000'000;
inline constexpr std::string_view kFixedTimestamp = "2026-11-25T08:30:00.123Z";

class CapturedLog {
public:
    explicit CapturedLog(Level minimum = Level::Debug, Format format = Format::Text) {
        configure(minimum, format, [this](std::string_view line) {
            const std::lock_guard lock(mutex_);
            lines_.emplace_back(line);
        });
    }
    ~CapturedLog() { configure(Level::Info, Format::Text); }
    CapturedLog(const CapturedLog&) = delete;
    CapturedLog& operator=(const CapturedLog&) = delete;

    // The lines written so far, each with its terminating '\n'.
    std::vector<std::string> lines() const {
        const std::lock_guard lock(mutex_);
        return lines_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

}  // namespace pb::log::testing
