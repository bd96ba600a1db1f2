// common/log/format.cpp — the text and JSON renderers: timestamp, level,
// component, message and typed fields, escaped by common/log/escape.hpp.
#include "common/log/format.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <type_traits>
#include <variant>

#include "common/log/escape.hpp"

namespace pb::log {
namespace {

constexpr uint64_t kNanosPerSecond = 1'000'000'000;
constexpr uint64_t kNanosPerMilli = 1'000'000;
constexpr std::size_t kLevelColumnWidth = 6;  // the longest name, "ERROR", and a space

void append_zero_padded(std::string& out, unsigned value, int width) {
    char digits[16];  // an unsigned always fits: to_chars cannot fail
    char* end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    if (const int length = int(end - digits); length < width) out.append(std::size_t(width - length), '0');
    out.append(digits, end);
}

template <typename Number>
void append_number(std::string& out, Number number) {
    char digits[32];  // the longest, a shortest-form double, takes 24: to_chars cannot fail
    char* end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    out.append(digits, end);
}

void append_quoted(std::string& out, std::string_view text) {
    out += '"';
    append_escaped(out, text, Escaping::Json);
    out += '"';
}

bool needs_quotes_in_text(std::string_view text) {
    if (text.empty()) return true;
    for (const char c : text) {
        const auto byte = uint8_t(c);
        if (byte <= ' ' || byte == 0x7F || c == '"' || c == '=' || c == '\\') return true;
    }
    return false;
}

void append_string_value(std::string& out, std::string_view text, Format format) {
    if (format == Format::Json || needs_quotes_in_text(text)) {
        append_quoted(out, text);
    } else {
        append_escaped(out, text, Escaping::ControlsOnly);
    }
}

void append_double(std::string& out, double number, Format format) {
    if (format == Format::Json && !std::isfinite(number)) {
        std::string spelled;
        append_number(spelled, number);
        append_quoted(out, spelled);
    } else {
        append_number(out, number);
    }
}

void append_value(std::string& out, const FieldValue& value, Format format) {
    std::visit(
        [&](auto held) {
            using Held = decltype(held);
            if constexpr (std::is_same_v<Held, std::string_view>) {
                append_string_value(out, held, format);
            } else if constexpr (std::is_same_v<Held, bool>) {
                out += held ? "true" : "false";
            } else if constexpr (std::is_same_v<Held, double>) {
                append_double(out, held, format);
            } else {
                append_number(out, held);
            }
        },
        value.storage());
}

std::string render_text(const LogLine& line) {
    std::string out;
    append_timestamp(out, line.unix_ns);
    out += ' ';
    const std::string_view level = level_name(line.level);
    out += level;
    out.append(kLevelColumnWidth - level.size(), ' ');
    append_escaped(out, line.component, Escaping::ControlsOnly);
    out += ": ";
    append_escaped(out, line.message, Escaping::ControlsOnly);
    for (const Field& field : line.fields) {
        out += ' ';
        append_escaped(out, field.key, Escaping::ControlsOnly);
        out += '=';
        append_value(out, field.value, Format::Text);
    }
    return out;
}

std::string render_json(const LogLine& line) {
    std::string out = "{\"ts\":\"";
    append_timestamp(out, line.unix_ns);
    out += "\",\"level\":\"";
    out += level_name(line.level);
    out += "\",\"component\":";
    append_quoted(out, line.component);
    out += ",\"msg\":";
    append_quoted(out, line.message);
    for (const Field& field : line.fields) {
        out += ',';
        append_quoted(out, field.key);
        out += ':';
        append_value(out, field.value, Format::Json);
    }
    out += '}';
    return out;
}

}  // namespace

void append_timestamp(std::string& out, uint64_t unix_ns) {
    using namespace std::chrono;
    const sys_seconds time{seconds(int64_t(unix_ns / kNanosPerSecond))};
    const sys_days day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss clock{time - day};
    append_zero_padded(out, unsigned(int(date.year())), 4);
    out += '-';
    append_zero_padded(out, unsigned(date.month()), 2);
    out += '-';
    append_zero_padded(out, unsigned(date.day()), 2);
    out += 'T';
    append_zero_padded(out, unsigned(clock.hours().count()), 2);
    out += ':';
    append_zero_padded(out, unsigned(clock.minutes().count()), 2);
    out += ':';
    append_zero_padded(out, unsigned(clock.seconds().count()), 2);
    out += '.';
    append_zero_padded(out, unsigned(unix_ns % kNanosPerSecond / kNanosPerMilli), 3);
    out += 'Z';
}

std::string render(const LogLine& line, Format format) {
    return format == Format::Json ? render_json(line) : render_text(line);
}

}  // namespace pb::log
