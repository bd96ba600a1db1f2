// common/log/level.hpp — the log levels and output formats (the enums of the
// configuration model, shared rather than redefined) and their names.
#pragma once

#include <string_view>

#include "common/config/config.hpp"

namespace pb::log {

using Level = config::LogLevel;
using Format = config::LogFormat;

// "DEBUG", "INFO", "WARN" or "ERROR".
constexpr std::string_view level_name(Level level) {
    switch (level) {
        case Level::Debug: return "DEBUG";
        case Level::Info: return "INFO";
        case Level::Warn: return "WARN";
        case Level::Error: return "ERROR";
    }
    return "?";
}

}  // namespace pb::log
