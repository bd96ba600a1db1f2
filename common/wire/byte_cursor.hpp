// common/wire/byte_cursor.hpp — sequential big-endian readers and writers
// over spans. They do not check lengths: each parser and encoder checks its
// whole message once up front, then reads or writes field by field (debug
// builds assert every step).
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "common/wire/byte_order.hpp"
#include "common/wire/types.hpp"

namespace pb::wire {

class ByteReader {
public:
    explicit ByteReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

    std::size_t remaining() const { return bytes_.size() - position_; }

    template <std::unsigned_integral T>
    T read() {
        assert(remaining() >= sizeof(T));
        const T value = load_be<T>(bytes_.data() + position_);
        position_ += sizeof(T);
        return value;
    }

    std::span<const uint8_t> take(std::size_t size) {
        assert(remaining() >= size);
        const auto taken = bytes_.subspan(position_, size);
        position_ += size;
        return taken;
    }

    template <std::size_t kSize>
    std::span<const uint8_t, kSize> take() {
        return take(kSize).template first<kSize>();
    }

    std::span<const uint8_t> rest() { return take(remaining()); }

private:
    std::span<const uint8_t> bytes_;
    std::size_t position_ = 0;
};

class ByteWriter {
public:
    explicit ByteWriter(std::span<uint8_t> out) : out_(out) {}

    std::size_t written() const { return position_; }

    void write(MsgType type) { write(uint8_t(type)); }

    template <std::unsigned_integral T>
    void write(T value) {
        assert(out_.size() - position_ >= sizeof(T));
        store_be<T>(out_.data() + position_, value);
        position_ += sizeof(T);
    }

    void write(std::span<const uint8_t> bytes) {
        assert(out_.size() - position_ >= bytes.size());
        if (!bytes.empty()) std::memcpy(out_.data() + position_, bytes.data(), bytes.size());
        position_ += bytes.size();
    }

private:
    std::span<uint8_t> out_;
    std::size_t position_ = 0;
};

}  // namespace pb::wire
