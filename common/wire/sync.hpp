// common/wire/sync.hpp — Sync (0x07), the gossip between beacons:
// `beacon_id(4) count(2) id(4) × count`. A datagram shorter than its count
// says is malformed (CountMismatch); bytes after the ids are ignored, as the
// original does, which leaves room for a compatible extension between our
// own beacons.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/wire/byte_cursor.hpp"
#include "common/wire/byte_order.hpp"
#include "common/wire/encode.hpp"
#include "common/wire/result.hpp"
#include "common/wire/types.hpp"

namespace pb::wire {

// The size of a Sync carrying `count` ids, refused past one UDP datagram.
inline Result<std::size_t> sync_size(std::size_t count) {
    if (count > kMaxSyncIdsPerDatagram) return Error::TooManyIds;
    return kSyncHeaderSize + count * kIdSize;
}

inline void write_sync_header(ByteWriter& out, uint32_t beacon_id, std::size_t count) {
    out.write(MsgType::Sync);
    out.write(beacon_id);
    out.write(uint16_t(count));
}

// A received Sync. Only parse() makes one, so the id bytes always hold whole ids.
class Sync {
public:
    static constexpr MsgType kType = MsgType::Sync;

    // Parses a whole datagram whose type byte the caller has already switched on.
    static Result<Sync> parse(std::span<const uint8_t> datagram) {
        if (datagram.size() < kSyncHeaderSize) return Error::TooShort;
        ByteReader in(datagram.subspan(kTypeSize));
        const uint32_t beacon_id = in.read<uint32_t>();
        const std::size_t id_bytes = in.read<uint16_t>() * kIdSize;
        if (in.remaining() < id_bytes) return Error::CountMismatch;
        return Sync(beacon_id, in.take(id_bytes));
    }

    uint32_t beacon_id() const { return beacon_id_; }
    std::size_t count() const { return id_bytes_.size() / kIdSize; }
    // The i-th node id, read from the datagram. Precondition: i < count().
    uint32_t id(std::size_t i) const {
        assert(i < count());
        return load_be<uint32_t>(id_bytes_.data() + i * kIdSize);
    }

    Result<std::size_t> encoded_size() const { return sync_size(count()); }

    void write(ByteWriter& out) const {
        write_sync_header(out, beacon_id_, count());
        out.write(id_bytes_);
    }

private:
    Sync(uint32_t beacon_id, std::span<const uint8_t> id_bytes) : beacon_id_(beacon_id), id_bytes_(id_bytes) {}

    uint32_t beacon_id_;
    std::span<const uint8_t> id_bytes_;  // 4 × count bytes of the datagram
};

namespace detail {
struct OutgoingSync {
    uint32_t beacon_id;
    std::span<const uint32_t> ids;

    Result<std::size_t> encoded_size() const { return sync_size(ids.size()); }

    void write(ByteWriter& out) const {
        write_sync_header(out, beacon_id, ids.size());
        for (uint32_t id : ids) out.write(id);
    }
};
}  // namespace detail

// Writes a Sync announcing `ids` (host order) for beacon `beacon_id`.
// At most kMaxSyncIdsPerDatagram ids (else TooManyIds): callers choose or split.
inline Result<std::size_t> encode_sync(std::span<uint8_t> out, uint32_t beacon_id, std::span<const uint32_t> ids) {
    return encode(out, detail::OutgoingSync{.beacon_id = beacon_id, .ids = ids});
}

}  // namespace pb::wire
