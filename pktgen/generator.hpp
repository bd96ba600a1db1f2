// pktgen/generator.hpp — the scenario's packet factory for one worker:
// draws the next kind from the mix, the sender (round robin over the
// daemons this worker owns) and the destination, and writes the whole frame
// into a byte buffer (an mbuf's data or a pcap record). It owns the
// sequence numbers of its senders' relay flows, so each flow has exactly
// one writer. Nothing here touches a port.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "pktgen/daemons.hpp"
#include "pktgen/frame.hpp"
#include "pktgen/mix.hpp"
#include "pktgen/scenario.hpp"

namespace pb::pktgen {

// What every worker's generator shares (read-only).
struct GeneratorSetup {
    const Scenario& scenario;
    const DaemonSet& daemons;
    const PairPicker& pairs;
    const KindTable& kinds;
    Mac our_mac{};
};

struct BuiltPacket {
    Kind kind = Kind::Relay;
    uint32_t sender = 0;     // daemon index
    std::size_t length = 0;  // 0: nothing to send (this worker has no sender for the kind)
    HostileVariant variant{};  // of a Hostile packet
};

class Generator {
public:
    Generator(const GeneratorSetup& setup, unsigned worker, unsigned workers);

    // The largest frame next() writes (a relay before fragmentation).
    std::size_t max_frame() const;
    // The next packet of the mix, its probe stamped with `tsc`.
    BuiltPacket next(std::span<uint8_t> frame, uint64_t tsc);
    // A Discover (DiscoverEx if configured) registering `daemon` under its own id.
    std::size_t discover(std::span<uint8_t> frame, uint32_t daemon);

    // The daemons whose Discovers and relays this worker sends.
    const std::vector<uint32_t>& own_daemons() const { return own_; }
    // Which worker owns relay flow (sender) `daemon`, in a pool of `workers`.
    static unsigned owner_of(const Scenario& s, const PairPicker& pairs, uint32_t daemon, unsigned workers);

    void set_beacon_mac(const Mac& mac) { beacon_mac_ = mac; }
    void set_epoch(uint8_t epoch) { epoch_ = epoch; }
    uint64_t relays_sent_by(uint32_t daemon) const { return next_seq_[daemon]; }

private:
    UdpFrameSpec spec_from(uint32_t daemon) const;
    std::size_t relay(std::span<uint8_t> frame, uint32_t sender, uint64_t tsc);
    std::size_t not_found(std::span<uint8_t> frame, uint32_t sender, uint64_t tsc);
    std::size_t fresh_discover(std::span<uint8_t> frame, uint32_t sender);
    std::size_t punch(std::span<uint8_t> frame, uint32_t sender);
    void hostile(std::span<uint8_t> frame, BuiltPacket& built, uint64_t tsc);
    uint32_t next_sender();
    uint32_t next_relay_sender();

    const GeneratorSetup& setup_;
    unsigned worker_, workers_;
    Mac beacon_mac_{};
    uint8_t epoch_ = 0;
    Random random_;
    std::vector<uint32_t> own_;            // daemons this worker sends for
    std::vector<uint32_t> relay_senders_;  // own_, or this worker's share of the fixed pairs
    std::size_t next_own_ = 0, next_relay_ = 0;
    std::vector<uint64_t> next_seq_;       // per daemon (only the own ones move)
    uint64_t fresh_ = 0, unknown_ = 0, hostile_ = 0;
    std::array<uint64_t, kHostileVariantCount> variant_sent_{};  // occurrences of each variant so far
    uint32_t ip_id_ = 0;
    std::vector<HostileVariant> variants_;
};

}  // namespace pb::pktgen
