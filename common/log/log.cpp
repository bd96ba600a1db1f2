// common/log/log.cpp — the logger's process-wide state (format, sink and
// the lock that keeps lines whole) and the stderr sink.
#include "common/log/log.hpp"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "common/log/format.hpp"

namespace pb::log {
namespace {

std::atomic<Format> output_format{Format::Text};

struct SinkSlot {
    std::mutex mutex;
    Sink sink = stderr_sink();
};

SinkSlot& sink_slot() {
    static SinkSlot slot;
    return slot;
}

}  // namespace

Sink stderr_sink() {
    return [](std::string_view line) { std::fwrite(line.data(), 1, line.size(), stderr); };
}

void configure(Level minimum, Format format, Sink sink) {
    output_format.store(format, std::memory_order_relaxed);
    {
        SinkSlot& slot = sink_slot();
        const std::lock_guard lock(slot.mutex);
        slot.sink = std::move(sink);
    }
    detail::minimum_level.store(minimum, std::memory_order_relaxed);
}

uint64_t wall_clock_unix_ns() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count());
}

void write_at(uint64_t unix_ns, Level level, std::string_view component, std::string_view message,
              std::span<const Field> fields) {
    if (!enabled(level)) return;
    const LogLine line{unix_ns, level, component, message, fields};
    std::string rendered = render(line, output_format.load(std::memory_order_relaxed));
    rendered += '\n';
    SinkSlot& slot = sink_slot();
    const std::lock_guard lock(slot.mutex);
    slot.sink(rendered);
}

}  // namespace pb::log
