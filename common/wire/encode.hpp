// common/wire/encode.hpp — encode(out, message): the one entry point every
// message encoder goes through. A message says how large it encodes (or why
// it cannot be encoded) and writes itself; this checks the output span once
// so that the writing itself needs no checks.
#pragma once

#include <cassert>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/wire/byte_cursor.hpp"
#include "common/wire/result.hpp"

namespace pb::wire {

template <class M>
concept Encodable = requires(const M& message, ByteWriter& out) {
    { message.encoded_size() } -> std::same_as<Result<std::size_t>>;
    message.write(out);  // precondition: room for encoded_size() bytes
};

// Writes `message` at the start of `out`; returns the bytes written.
template <Encodable M>
Result<std::size_t> encode(std::span<uint8_t> out, const M& message) {
    const Result<std::size_t> size = message.encoded_size();
    if (!size) return size;
    if (out.size() < *size) return Error::BufferTooSmall;
    ByteWriter writer(out);
    message.write(writer);
    assert(writer.written() == *size);
    return size;
}

}  // namespace pb::wire
