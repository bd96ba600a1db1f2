// common/log/escape.hpp — escaping of arbitrary bytes for log output: control
// characters become JSON-style escapes, well-formed UTF-8 passes through,
// and each byte of malformed UTF-8 becomes U+FFFD, so every rendered line is
// one line of valid UTF-8 whatever the input.
#pragma once

#include <string>
#include <string_view>

namespace pb::log {

enum class Escaping {
    ControlsOnly,  // text format outside quotes: only control characters
    Json,          // inside a JSON or quoted text string: also '"' and '\'
};

// Appends `text` to `out` escaped as `escaping` says. Control characters
// (0x00-0x1f and 0x7f) become \b \f \n \r \t or \u00xx.
void append_escaped(std::string& out, std::string_view text, Escaping escaping);

}  // namespace pb::log
