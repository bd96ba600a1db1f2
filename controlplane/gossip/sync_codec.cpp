// controlplane/gossip/sync_codec.cpp — Sync and the extension trailer.
#include "controlplane/gossip/sync_codec.hpp"

#include <algorithm>

#include "common/wire/sync.hpp"

namespace pb::cp::gossip {

namespace {

// A trailer at `at` (at least kTrailerSize bytes); false: not ours.
bool read_trailer(std::span<const uint8_t> at, SyncTrailer& out) {
    if (at.size() < kTrailerSize || !std::equal(kTrailerMagic.begin(), kTrailerMagic.end(), at.begin()) ||
        at[4] < kTrailerVersion)
        return false;  // later versions keep this layout and may append
    out.flags = at[5];
    out.generation = wire::load_be<uint32_t>(&at[8]);
    out.part = wire::load_be<uint32_t>(&at[12]);
    out.parts = wire::load_be<uint32_t>(&at[16]);
    return true;
}

void write_trailer(uint8_t* at, const SyncTrailer& t) {
    std::copy(kTrailerMagic.begin(), kTrailerMagic.end(), at);
    at[4] = kTrailerVersion;
    at[5] = t.flags;
    at[6] = at[7] = 0;
    wire::store_be<uint32_t>(at + 8, t.generation);
    wire::store_be<uint32_t>(at + 12, t.part);
    wire::store_be<uint32_t>(at + 16, t.parts);
}

}  // namespace

ReceivedSync read_sync(std::span<const uint8_t> message) {
    ReceivedSync r;
    if (message.size() < wire::kSyncHeaderSize) return r;  // TooShort
    r.beacon_id = wire::load_be<uint32_t>(&message[wire::kTypeSize]);
    const size_t count = wire::load_be<uint16_t>(&message[wire::kTypeSize + wire::kIdSize]);
    const std::span<const uint8_t> body = message.subspan(wire::kSyncHeaderSize);
    if (body.size() < count * wire::kIdSize) {
        const bool hello = count == kHelloCount && read_trailer(body, r.trailer) && (r.trailer.flags & flags::kHello);
        r.kind = hello ? SyncKind::Hello : SyncKind::CountMismatch;
        return r;
    }
    r.id_bytes = body.first(count * wire::kIdSize);
    r.kind = read_trailer(body.subspan(r.id_bytes.size()), r.trailer) ? SyncKind::Extended : SyncKind::Plain;
    if (r.kind == SyncKind::Plain) r.trailer = SyncTrailer{};
    return r;
}

size_t write_sync(std::span<uint8_t> out, uint32_t beacon_id, std::span<const uint32_t> ids, const SyncTrailer& trailer) {
    if (out.size() < sync_size(ids.size())) return 0;
    const auto written = wire::encode_sync(out, beacon_id, ids);
    if (!written) return 0;
    write_trailer(out.data() + *written, trailer);
    return *written + kTrailerSize;
}

size_t write_hello(std::span<uint8_t> out, uint32_t beacon_id, uint32_t generation) {
    if (out.size() < kHelloSize) return 0;
    const auto header = wire::encode_sync(out, beacon_id, {});
    if (!header) return 0;
    wire::store_be<uint16_t>(out.data() + wire::kTypeSize + wire::kIdSize, kHelloCount);
    write_trailer(out.data() + *header, SyncTrailer{flags::kHello | flags::kMultipart, generation, 0, 0});
    return kHelloSize;
}

}  // namespace pb::cp::gossip
