// common/wire/signed_text.cpp — formatting of the signed texts with
// std::to_chars into a fixed buffer.
#include "common/wire/signed_text.hpp"

#include <charconv>
#include <concepts>
#include <cstring>

namespace pb::wire {

namespace {

// Appends text and decimal numbers to a fixed buffer; remembers overflow
// so that a chain of appends needs one check at the end.
class TextWriter {
public:
    explicit TextWriter(std::span<char> out) : out_(out) {}

    TextWriter& text(std::string_view text) {
        if (overflow_ || out_.size() - used_ < text.size()) {
            overflow_ = true;
        } else {
            std::memcpy(out_.data() + used_, text.data(), text.size());
            used_ += text.size();
        }
        return *this;
    }

    template <std::integral T>
    TextWriter& number(T value) {
        if (overflow_) return *this;
        const auto [end, error] = std::to_chars(out_.data() + used_, out_.data() + out_.size(), value);
        if (error != std::errc()) overflow_ = true;
        else used_ = std::size_t(end - out_.data());
        return *this;
    }

    Result<std::string_view> finish() const {
        if (overflow_) return Error::BufferTooSmall;
        return std::string_view(out_.data(), used_);
    }

private:
    std::span<char> out_;
    std::size_t used_ = 0;
    bool overflow_ = false;
};

}  // namespace

Result<std::string_view> format_punch_grant(std::span<char> out, uint32_t requester, uint32_t target,
                                            int64_t expiry) {
    return TextWriter(out).text(kPunchGrantPrefix).number(requester).text(":").number(target).text(":")
        .number(expiry).finish();
}

Result<std::string_view> format_compat_auth(std::span<char> out, uint32_t node_id, int64_t timestamp,
                                            std::string_view nonce) {
    return TextWriter(out).text(kCompatAuthPrefix).number(node_id).text(":").number(timestamp).text(":")
        .text(nonce).finish();
}

}  // namespace pb::wire
