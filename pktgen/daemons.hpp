// pktgen/daemons.hpp — the virtual Pilot daemons pilot-pktgen plays: daemon
// i has address addresses.first + (i mod addresses.count) (the low 32 bits
// counted up), UDP port ports.first + (i div addresses.count) and a node id
// of its own. Lookups from a received frame's destination back to the
// daemon are arithmetic (no table), so they cost nothing per packet.
//
// Node ids: sequential (first + i) or scattered over the 32-bit space (a
// bijection of first + i, so still distinct). Ids for fresh Discovers and
// for not-found relays come from index ranges the daemons never use.
#pragma once

#include <cstdint>
#include <optional>

#include "common/net/ip_address.hpp"
#include "pktgen/scenario.hpp"

namespace pb::pktgen {

class DaemonSet {
public:
    explicit DaemonSet(const DaemonsConfig& cfg);

    uint32_t size() const { return count_; }
    net::IpAddress address(uint32_t daemon) const;
    uint16_t port(uint32_t daemon) const { return uint16_t(first_port_ + daemon / address_count_); }
    net::Endpoint endpoint(uint32_t daemon) const { return {address(daemon), port(daemon)}; }
    uint32_t node_id(uint32_t daemon) const { return id_at(daemon); }
    // The k-th id that no daemon registered on start-up (fresh Discovers).
    uint32_t fresh_id(uint64_t k) const { return id_at(count_ + k % kFreshSpan); }
    // The k-th id that is never registered (not-found relays).
    uint32_t unknown_id(uint64_t k) const { return id_at(kUnknownBase + k % kFreshSpan); }
    // The k-th id announced in hostile Syncs (apart from the others, so a
    // beacon that accepts the Sync does not turn not-found relays into forwards).
    uint32_t decoy_id(uint64_t k) const { return id_at(kUnknownBase + kFreshSpan + k % kFreshSpan); }

    // The index of the address (network-order bytes, 4 or 16 of them) in
    // the daemons' range, if it is one of theirs.
    std::optional<uint32_t> address_index(const uint8_t* ip, bool ipv6) const;
    // The daemon at that address and UDP port (host order), if any.
    std::optional<uint32_t> daemon_at(const uint8_t* ip, bool ipv6, uint16_t port) const;
    uint32_t address_count() const { return address_count_; }

private:
    static constexpr uint64_t kFreshSpan = uint64_t(1) << 30;
    static constexpr uint64_t kUnknownBase = uint64_t(1) << 31;
    uint32_t id_at(uint64_t index) const;

    uint32_t count_;
    net::IpAddress first_address_;
    uint32_t address_count_;
    uint32_t first_low_;  // the first address's last 32 bits, host order
    uint16_t first_port_;
    uint32_t first_id_;
    bool scattered_;
};

// A bijection of the 32-bit integers that spreads neighbours far apart.
uint32_t scatter32(uint32_t x);

}  // namespace pb::pktgen
