// common/log/format.hpp — rendering of one log line as text or JSON. Pure
// functions of their input (the timestamp is part of the line), so the
// exact output is testable.
//   text: 2026-11-25T08:30:00.123Z INFO  component: message key=value key2="quoted value"
//   json: {"ts":"2026-11-25T08:30:00.123Z","level":"INFO","component":"component","msg":"message","key":"value"}
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/log/field.hpp"
#include "common/log/level.hpp"

namespace pb::log {

struct LogLine {
    uint64_t unix_ns = 0;  // wall-clock time, nanoseconds since the Unix epoch
    Level level = Level::Info;
    std::string_view component;
    std::string_view message;
    std::span<const Field> fields;
};

// UTC, millisecond precision: "2026-11-25T08:30:00.123Z".
void append_timestamp(std::string& out, uint64_t unix_ns);

// One line without its terminating newline. Text values are quoted when
// empty or holding spaces, '"', '=', '\' or control characters. Doubles use
// the shortest form that reads back exactly; in JSON a non-finite double is
// the string "inf", "-inf" or "nan".
std::string render(const LogLine& line, Format format);

}  // namespace pb::log
