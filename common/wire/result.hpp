// common/wire/result.hpp — the codec's error codes and Result<T>, a value or
// an Error (g++ 12 has no std::expected). Results carry views and sizes:
// small, trivially copyable, cheap to return from inlined parsers.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace pb::wire {

enum class Error : uint8_t {
    Empty,             // a zero-byte datagram
    UnknownType,       // the first byte is no beacon message type
    TooShort,          // fewer bytes than the message's fixed fields need
    BadAddressLength,  // iplen is neither 4 nor 16
    CountMismatch,     // Sync: fewer id bytes than 4 × count
    PayloadTooLarge,   // relay payload over kMaxRelayPayload
    BufferTooSmall,    // encoder: the output span is too short
    TooManyIds,        // Sync encoder: more than kMaxSyncIdsPerDatagram ids
};
inline constexpr std::size_t kErrorCount = std::size_t(Error::TooManyIds) + 1;

// Stable lower-case names, for counters, metrics labels and logs.
constexpr std::string_view error_name(Error error) {
    switch (error) {
        case Error::Empty: return "empty";
        case Error::UnknownType: return "unknown_type";
        case Error::TooShort: return "too_short";
        case Error::BadAddressLength: return "bad_address_length";
        case Error::CountMismatch: return "count_mismatch";
        case Error::PayloadTooLarge: return "payload_too_large";
        case Error::BufferTooSmall: return "buffer_too_small";
        case Error::TooManyIds: return "too_many_ids";
    }
    return "invalid";
}

template <class T>
class [[nodiscard]] Result {
    static_assert(std::is_trivially_copyable_v<T>, "Result carries views and sizes, not owners");

public:
    constexpr Result(T value) : state_(std::in_place_index<0>, value) {}
    constexpr Result(Error error) : state_(std::in_place_index<1>, error) {}

    constexpr bool ok() const { return state_.index() == 0; }
    constexpr explicit operator bool() const { return ok(); }

    // Preconditions: ok() for the value, !ok() for the error.
    constexpr const T& value() const {
        assert(ok());
        return *std::get_if<0>(&state_);
    }
    constexpr const T& operator*() const { return value(); }
    constexpr const T* operator->() const { return &value(); }
    constexpr Error error() const {
        assert(!ok());
        return *std::get_if<1>(&state_);
    }

    // The value passed through `f`, or the same error.
    template <class F>
    constexpr auto map(F&& f) const -> Result<std::invoke_result_t<F, const T&>> {
        if (ok()) return std::forward<F>(f)(value());
        return error();
    }

private:
    std::variant<T, Error> state_;
};

}  // namespace pb::wire
