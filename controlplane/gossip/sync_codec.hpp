// controlplane/gossip/sync_codec.hpp — Sync (0x07) as gossip reads and writes
// it, with our compatible extension (docs/gossip.md "Wire extension").
//
// A Go beacon reads `type beacon_id(4) count(2) id(4)×count` and ignores any
// bytes after the ids (PROTOCOL.md §3). Our beacons put a 20-byte trailer
// there:
//
//   magic "PBGX"(4) version(1)=1 flags(1) reserved(2)=0
//   generation(4) part(4) parts(4)                        (big-endian)
//
// flags: Multipart  the sender accepts multi-part Syncs (capability);
//        PartialSet the ids are a subset of the sender's set: add them,
//                   withdraw nothing (a Go-compatible Sync that had to be
//                   cut to 16,375 ids);
//        Hello      a capability announcement carrying no ids (below).
// A set of any size goes out as `parts` Syncs numbered 0..parts-1 of one
// `generation`; the receiver adds each part's ids at once and replaces the
// sender's set when the generation is complete.
//
// Hello: `07 beacon_id FFFF` + trailer, 27 bytes. Its count claims 65,535
// ids that are not there, so a Go beacon ignores it as too short (PROTOCOL.md
// §3 step 1); our beacons learn from it that the sender is one of ours.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/wire/byte_order.hpp"
#include "common/wire/types.hpp"

namespace pb::cp::gossip {

inline constexpr std::array<uint8_t, 4> kTrailerMagic = {'P', 'B', 'G', 'X'};
inline constexpr uint8_t kTrailerVersion = 1;
inline constexpr size_t kTrailerSize = 20;
inline constexpr uint16_t kHelloCount = 0xffff;
inline constexpr size_t kHelloSize = wire::kSyncHeaderSize + kTrailerSize;

namespace flags {
inline constexpr uint8_t kMultipart = 0x01;
inline constexpr uint8_t kPartialSet = 0x02;
inline constexpr uint8_t kHello = 0x04;
}  // namespace flags

struct SyncTrailer {
    uint8_t flags = 0;
    uint32_t generation = 0;
    uint32_t part = 0;
    uint32_t parts = 1;
    friend bool operator==(const SyncTrailer&, const SyncTrailer&) = default;
};

enum class SyncKind : uint8_t {
    Plain,          // a Go beacon's Sync (or any without our trailer)
    Extended,       // with our trailer
    Hello,          // our capability announcement
    TooShort,       // fewer than 6 bytes after the type: ignored
    CountMismatch,  // fewer id bytes than count says: ignored
};

struct ReceivedSync {
    SyncKind kind = SyncKind::TooShort;
    uint32_t beacon_id = 0;
    std::span<const uint8_t> id_bytes;  // 4 × count
    SyncTrailer trailer;                // Extended and Hello

    size_t count() const { return id_bytes.size() / wire::kIdSize; }
    uint32_t id(size_t i) const { return wire::load_be<uint32_t>(id_bytes.data() + i * wire::kIdSize); }
};

// `message` is the whole UDP payload, type byte included.
ReceivedSync read_sync(std::span<const uint8_t> message);

// Bytes of a Sync with `ids` ids and our trailer.
constexpr size_t sync_size(size_t ids) { return wire::kSyncHeaderSize + ids * wire::kIdSize + kTrailerSize; }

// Writes a Sync with `ids` (at most 16,375, fewer when they and the trailer
// must fit one IPv4 datagram: the caller sizes it) and the trailer; returns
// the bytes written, 0 if `out` is too small or there are too many ids.
size_t write_sync(std::span<uint8_t> out, uint32_t beacon_id, std::span<const uint32_t> ids, const SyncTrailer& trailer);
// Writes a Hello (kHelloSize bytes); 0 if `out` is too small.
size_t write_hello(std::span<uint8_t> out, uint32_t beacon_id, uint32_t generation);

}  // namespace pb::cp::gossip
