// common/config/schema.hpp — the key layout of the YAML file, in one place.
// visit() walks every key of Config with its YAML name, its type and its
// rule (range, format). The decoder (decode.cpp) and the dumper (dump.cpp)
// are Visitors over it, so a key added to visit() is read, checked, dumped
// and covered by the docs test at once.
#pragma once

#include <array>
#include <cassert>
#include <concepts>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/config/config.hpp"

namespace pb::config {

// Accepted values of an integer key: min..max, optionally powers of two only.
struct Range {
    uint64_t min, max;
    bool power_of_two = false;
};

// Checks a text value: nullopt when it is fine, else what is wrong with it
// ("'x' is not HOST:PORT"). nullptr accepts everything.
using TextRule = std::optional<std::string> (*)(std::string_view);

class Visitor {
public:
    virtual ~Visitor() = default;

    // A nested map; `body` visits its keys.
    virtual void section(std::string_view key, const std::function<void()>& body) = 0;
    virtual void text(std::string_view key, std::string& value, TextRule rule) = 0;
    // A list of strings; `rule` applies to each element.
    virtual void text_list(std::string_view key, std::vector<std::string>& value, TextRule rule) = 0;
    virtual void boolean(std::string_view key, bool& value) = 0;
    virtual void integer(std::string_view key, uint64_t& value, Range range) = 0;
    // One of `names`; `index` is the position in it.
    virtual void choice(std::string_view key, size_t& index, std::span<const std::string_view> names) = 0;
    // An address with prefix length ("10.0.0.1/24") or a plain address of one family; unset = "".
    virtual void prefix(std::string_view key, std::optional<net::IpPrefix>& value, net::Family family) = 0;
    virtual void address(std::string_view key, std::optional<net::IpAddress>& value, net::Family family) = 0;

    // Typed front ends of integer() and choice().
    template <class T>
        requires std::unsigned_integral<T> && (!std::same_as<T, bool>)
    void number(std::string_view key, T& value, Range range) {
        assert(range.max <= std::numeric_limits<T>::max());
        uint64_t wide = value;
        integer(key, wide, range);
        value = static_cast<T>(wide);
    }
    template <class E>
        requires std::is_enum_v<E>
    void enumeration(std::string_view key, E& value, std::span<const std::string_view> names) {
        size_t index = static_cast<size_t>(value);
        choice(key, index, names);
        value = static_cast<E>(index);
    }
};

// Walks every key of `config` (top-level sections in file order).
void visit(Visitor& visitor, Config& config);

// Spellings of the enums, indexed by their values.
inline constexpr std::array<std::string_view, 4> kLogLevelNames{"debug", "info", "warn", "error"};
inline constexpr std::array<std::string_view, 2> kLogFormatNames{"text", "json"};
std::string_view to_string(LogLevel level);
std::string_view to_string(LogFormat format);

}  // namespace pb::config
