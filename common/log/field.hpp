// common/log/field.hpp — the typed key/value fields of a structured log line.
// A Field is a view: its key and string value must outlive the logging call
// (string literals, or strings alive for the full expression of the call).
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace pb::log {

// The value of one field: a string, a signed or unsigned integer, a bool or
// a double. Integers of every width widen to 64 bits and keep their sign.
class FieldValue {
public:
    using Storage = std::variant<std::string_view, int64_t, uint64_t, bool, double>;

    FieldValue(std::string_view text) : storage_(text) {}
    FieldValue(const char* text) : storage_(std::string_view(text)) {}
    FieldValue(const std::string& text) : storage_(std::string_view(text)) {}
    FieldValue(bool flag) : storage_(flag) {}
    FieldValue(double number) : storage_(number) {}
    template <std::signed_integral Integer>
    FieldValue(Integer number) : storage_(int64_t(number)) {}
    template <std::unsigned_integral Integer>
        requires(!std::same_as<Integer, bool>)
    FieldValue(Integer number) : storage_(uint64_t(number)) {}

    const Storage& storage() const { return storage_; }

private:
    Storage storage_;
};

struct Field {
    std::string_view key;
    FieldValue value;
};

}  // namespace pb::log
