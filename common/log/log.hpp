// common/log/log.hpp — the control-plane logger: a process-wide minimum
// level, output format and sink, and the calls that write leveled,
// structured lines to it:
//     pb::log::info("gossip", "peer joined", {{"peer", addr}, {"nodes", count}});
// Thread-safe: each line is rendered by its caller and handed whole to the
// sink under one lock, so lines never interleave. A call below the minimum
// level costs one relaxed atomic load; nothing is formatted.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string_view>

#include "common/log/field.hpp"
#include "common/log/level.hpp"

namespace pb::log {

// Receives one rendered line, terminated by '\n'. Called one line at a time.
using Sink = std::function<void(std::string_view line)>;

// The default sink: each line goes to stderr in one write.
Sink stderr_sink();

// Sets what is written, how and where. May run while other threads log:
// each of their lines goes whole to the old sink or to the new one.
void configure(Level minimum, Format format, Sink sink = stderr_sink());

namespace detail {
inline std::atomic<Level> minimum_level{Level::Info};
}

inline bool enabled(Level level) {
    return level >= detail::minimum_level.load(std::memory_order_relaxed);
}

// Nanoseconds since the Unix epoch, from the system clock.
uint64_t wall_clock_unix_ns();

// Writes a line stamped `unix_ns` if `level` is enabled (used to replay
// records that carry their own timestamp, such as the hot-path queues').
void write_at(uint64_t unix_ns, Level level, std::string_view component, std::string_view message,
              std::span<const Field> fields = {});

// Writes a line stamped now if `level` is enabled.
inline void write(Level level, std::string_view component, std::string_view message,
                  std::initializer_list<Field> fields = {}) {
    if (enabled(level)) write_at(wall_clock_unix_ns(), level, component, message, fields);
}

inline void debug(std::string_view component, std::string_view message, std::initializer_list<Field> fields = {}) {
    write(Level::Debug, component, message, fields);
}
inline void info(std::string_view component, std::string_view message, std::initializer_list<Field> fields = {}) {
    write(Level::Info, component, message, fields);
}
inline void warn(std::string_view component, std::string_view message, std::initializer_list<Field> fields = {}) {
    write(Level::Warn, component, message, fields);
}
inline void error(std::string_view component, std::string_view message, std::initializer_list<Field> fields = {}) {
    write(Level::Error, component, message, fields);
}

}  // namespace pb::log
