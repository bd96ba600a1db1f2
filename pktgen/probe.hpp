// pktgen/probe.hpp — the measurement record pilot-pktgen puts at the start
// of every relay payload it sends, and finds again at the start of the
// RelayDeliver / RelayDeliverDest payload that comes back:
//
//   magic(4) "pkg1"  kind(1)  epoch(1)  reserved(2)  flow(4)  seq(8)  tsc(8)
//
// flow: the sending virtual daemon's index; seq: that flow's sequence
// number; tsc: the sender's TSC when the frame was built (the generator
// receives on the same machine, so receive TSC − tsc is the latency);
// epoch: the measurement phase, so that stragglers of an earlier phase are
// not counted in the next one. Big-endian like the rest of the wire.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/wire/byte_order.hpp"

namespace pb::pktgen {

enum class ProbeKind : uint8_t {
    Relay = 1,     // expected back as a delivery
    NotFound = 2,  // relayed to an unknown id: must not come back
    Hostile = 3,   // inside a hostile frame: must not come back
};

struct Probe {
    static constexpr uint32_t kMagic = 0x706b6731;  // "pkg1": not a Pilot tunnel magic ("PIL…")
    static constexpr std::size_t kSize = 28;

    ProbeKind kind = ProbeKind::Relay;
    uint8_t epoch = 0;
    uint32_t flow = 0;
    uint64_t seq = 0;
    uint64_t tsc = 0;

    // Precondition: out.size() >= kSize.
    void write(std::span<uint8_t> out) const {
        uint8_t* p = out.data();
        wire::store_be<uint32_t>(p, kMagic);
        p[4] = uint8_t(kind);
        p[5] = epoch;
        p[6] = p[7] = 0;
        wire::store_be<uint32_t>(p + 8, flow);
        wire::store_be<uint64_t>(p + 12, seq);
        wire::store_be<uint64_t>(p + 20, tsc);
    }

    // A probe at the start of `payload`, if one is there.
    static std::optional<Probe> read(std::span<const uint8_t> payload) {
        if (payload.size() < kSize) return std::nullopt;
        const uint8_t* p = payload.data();
        if (wire::load_be<uint32_t>(p) != kMagic) return std::nullopt;
        return Probe{.kind = ProbeKind(p[4]),
                     .epoch = p[5],
                     .flow = wire::load_be<uint32_t>(p + 8),
                     .seq = wire::load_be<uint64_t>(p + 12),
                     .tsc = wire::load_be<uint64_t>(p + 20)};
    }

    friend bool operator==(const Probe&, const Probe&) = default;
};

}  // namespace pb::pktgen
