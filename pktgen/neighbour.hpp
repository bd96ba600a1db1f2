// pktgen/neighbour.hpp — address resolution on the generator's port: ARP
// (IPv4) and Neighbour Solicitation / Advertisement (IPv6, RFC 4861). The
// generator asks for the beacon's MAC once at start and answers requests
// for its virtual daemons' addresses, so a beacon (or a kernel) that
// resolves them finds the generator's MAC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/net/ip_address.hpp"
#include "pktgen/scenario.hpp"

namespace pb::pktgen {

// Room a request or an answer needs.
inline constexpr std::size_t kMaxNeighbourFrame = 86;

// Who-has `target`, from `sender` (ARP request broadcast, or NS to the
// solicited-node multicast group). Returns the frame length.
std::size_t write_neighbour_request(std::span<uint8_t> out, const Mac& our_mac, const net::IpAddress& sender,
                                    const net::IpAddress& target);

// A request or an answer seen on the wire.
struct NeighbourMessage {
    bool request = false;        // ARP request / NS; else ARP reply / NA
    net::IpAddress target;       // the address asked about (request) or answered for
    net::IpAddress sender;       // who asks (request) / who answers
    Mac sender_mac{};            // the asker's MAC (request) / the answer's MAC
};

// ARP, or ICMPv6 NS / NA, in an Ethernet frame; nullopt for anything else.
std::optional<NeighbourMessage> parse_neighbour(std::span<const uint8_t> frame);

// The answer to `request` saying that `request.target` is at `our_mac`,
// addressed to the asker. Returns the frame length.
std::size_t write_neighbour_answer(std::span<uint8_t> out, const Mac& our_mac, const NeighbourMessage& request);

}  // namespace pb::pktgen
