// common/log/escape.cpp — the byte-level escaper and the UTF-8 validator
// behind it (Unicode Table 3-7: no overlong forms, no surrogates, nothing
// above U+10FFFF).
#include "common/log/escape.hpp"

#include <cstddef>
#include <cstdint>

namespace pb::log {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

// The length of the well-formed UTF-8 sequence that starts text[pos] with a
// byte >= 0x80, or 0 when the bytes there are not one.
std::size_t multibyte_sequence_length(std::string_view text, std::size_t pos) {
    const auto lead = uint8_t(text[pos]);
    std::size_t length = 0;
    uint8_t second_min = 0x80;
    uint8_t second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead == 0xE0) {
        length = 3;
        second_min = 0xA0;  // below: overlong
    } else if (lead == 0xED) {
        length = 3;
        second_max = 0x9F;  // above: UTF-16 surrogates
    } else if (lead >= 0xE1 && lead <= 0xEF) {
        length = 3;
    } else if (lead == 0xF0) {
        length = 4;
        second_min = 0x90;  // below: overlong
    } else if (lead >= 0xF1 && lead <= 0xF3) {
        length = 4;
    } else if (lead == 0xF4) {
        length = 4;
        second_max = 0x8F;  // above: beyond U+10FFFF
    } else {
        return 0;  // a continuation byte, an overlong lead or 0xF5..0xFF
    }
    if (text.size() - pos < length) return 0;
    const auto second = uint8_t(text[pos + 1]);
    if (second < second_min || second > second_max) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        const auto continuation = uint8_t(text[pos + i]);
        if (continuation < 0x80 || continuation > 0xBF) return 0;
    }
    return length;
}

void append_control_escape(std::string& out, uint8_t control) {
    switch (control) {
        case '\b': out += "\\b"; return;
        case '\f': out += "\\f"; return;
        case '\n': out += "\\n"; return;
        case '\r': out += "\\r"; return;
        case '\t': out += "\\t"; return;
        default: {
            constexpr std::string_view kHexDigits = "0123456789abcdef";
            out += "\\u00";
            out += kHexDigits[control >> 4];
            out += kHexDigits[control & 0xF];
        }
    }
}

}  // namespace

void append_escaped(std::string& out, std::string_view text, Escaping escaping) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto byte = uint8_t(text[pos]);
        if (byte < 0x80) {
            if (byte < 0x20 || byte == 0x7F) {
                append_control_escape(out, byte);
            } else {
                if (escaping == Escaping::Json && (byte == '"' || byte == '\\')) out += '\\';
                out += char(byte);
            }
            ++pos;
            continue;
        }
        const std::size_t length = multibyte_sequence_length(text, pos);
        if (length == 0) {
            out += kReplacementCharacter;
            ++pos;
        } else {
            out += text.substr(pos, length);
            pos += length;
        }
    }
}

}  // namespace pb::log
