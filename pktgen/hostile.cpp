// pktgen/hostile.cpp — one builder per hostile variant; each starts from a
// well-formed frame (UDP with its payload via common/wire where it is a
// beacon message; ARP / ND via neighbour.hpp) and breaks exactly what the
// variant names.
#include "pktgen/hostile.hpp"

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "common/wire/encode.hpp"
#include "common/wire/endpoint_messages.hpp"
#include "common/wire/relay.hpp"
#include "common/wire/sync.hpp"
#include "pktgen/messages.hpp"
#include "pktgen/neighbour.hpp"

namespace pb::pktgen {

namespace {

constexpr std::size_t kHostileRelayPayload = Probe::kSize + 8;

struct Builder {
    std::span<uint8_t> frame;
    const HostileInput& in;
    bool ipv6 = !in.spec.src.address.is_v4();

    std::span<uint8_t> payload() { return frame.subspan(udp_payload_offset(ipv6), kMaxHostileFrame - 70); }
    std::size_t finish(std::size_t payload_len, UdpFrameSpec spec) { return write_udp_frame(frame, spec, payload_len); }
    std::size_t finish(std::size_t payload_len) { return finish(payload_len, in.spec); }
    uint8_t* l3() { return frame.data() + kEthernetHeader; }
    rte_udp_hdr* udp() { return reinterpret_cast<rte_udp_hdr*>(l3() + (ipv6 ? kIpv6Header : kIpv4Header)); }

    // A relay to a registered daemon: what the damaged variants start from.
    std::size_t relay() {
        return finish(encode_relay(payload(), in.sender, in.peer, in.probe, kHostileRelayPayload));
    }
    template <class Message>
    std::size_t message(const Message& m) {
        const auto size = wire::encode(payload(), m);
        return finish(size.ok() ? *size : 0);
    }
};

std::size_t type_only(Builder& b) {
    static constexpr std::array<uint8_t, 4> kTypes{0x01, 0x03, 0x05, 0x08};
    b.payload()[0] = kTypes[b.in.salt % kTypes.size()];
    return b.finish(1);
}

std::size_t truncated_relay(Builder& b) {
    const std::size_t size = encode_relay(b.payload(), b.in.sender, b.in.peer, b.in.probe, kHostileRelayPayload);
    (void)size;
    return b.finish(1 + 4 + 1 + b.in.salt % 3);  // sender id and 1..3 bytes of the destination
}

std::size_t unknown_type(Builder& b) {
    static constexpr std::array<uint8_t, 6> kTypes{0x0a, 0x0f, 0x10, 0x42, 0x7f, 0xff};
    auto p = b.payload();
    p[0] = kTypes[b.in.salt % kTypes.size()];
    for (std::size_t i = 1; i < 24; ++i) p[i] = uint8_t(b.in.salt >> (i % 8) ^ i);
    return b.finish(24);
}

std::size_t reply_type(Builder& b) {
    const net::Endpoint endpoint = b.in.spec.src;
    static constexpr std::array<uint8_t, 16> kBody{};  // any bytes: the content is irrelevant
    const std::span<const uint8_t> body(kBody);
    switch (b.in.salt % 4) {
        case 0: return b.message(wire::DiscoverReply{.endpoint = endpoint});
        case 1: return b.message(wire::PunchCommand{.endpoint = endpoint});
        case 2: return b.message(wire::RelayDeliver{.sender = b.in.sender, .payload = body});
        default: return b.message(wire::RelayDeliverDest{.sender = b.in.sender, .dest = b.in.peer, .payload = body});
    }
}

std::size_t sync_from_stranger(Builder& b, bool lie_about_count) {
    const std::array<uint32_t, 3> ids{b.in.decoy, b.in.decoy + 1, b.in.decoy + 2};
    const auto size = wire::encode_sync(b.payload(), 0x5afe0000u | uint32_t(b.in.salt & 0xffff), ids);
    if (lie_about_count) wire::store_be<uint16_t>(b.payload().data() + 5, 100);  // 3 ids follow, 100 claimed
    return b.finish(size.ok() ? *size : 0);
}

std::size_t bad_udp_checksum(Builder& b) {
    const std::size_t length = b.relay();
    b.udp()->dgram_cksum = uint16_t(~b.udp()->dgram_cksum ^ 0x0101) | 1;  // never 0 ("none") nor the right one
    return length;
}

std::size_t bad_ip_checksum(Builder& b) {
    if (b.ipv6) return bad_udp_checksum(b);  // IPv6 has no header checksum
    const std::size_t length = b.relay();
    auto* ip = reinterpret_cast<rte_ipv4_hdr*>(b.l3());
    ip->hdr_checksum ^= rte_cpu_to_be_16(0x1234);
    return length;
}

// The IP header says the datagram is longer than the frame holds.
std::size_t ip_length_overrun(Builder& b) {
    const std::size_t length = b.relay();
    if (b.ipv6) {
        auto* ip = reinterpret_cast<rte_ipv6_hdr*>(b.l3());
        ip->payload_len = rte_cpu_to_be_16(uint16_t(rte_be_to_cpu_16(ip->payload_len) + 100));
    } else {
        auto* ip = reinterpret_cast<rte_ipv4_hdr*>(b.l3());
        ip->total_length = rte_cpu_to_be_16(uint16_t(rte_be_to_cpu_16(ip->total_length) + 100));
        ip->hdr_checksum = 0;
        ip->hdr_checksum = rte_ipv4_cksum(ip);
    }
    return length;
}

std::size_t udp_length_mismatch(Builder& b) {
    const std::size_t length = b.relay();
    b.udp()->dgram_len = rte_cpu_to_be_16(uint16_t(rte_be_to_cpu_16(b.udp()->dgram_len) + 9));
    refresh_checksums(b.frame.first(length));
    return length;
}

std::size_t wrong_port(Builder& b) {
    UdpFrameSpec spec = b.in.spec;
    spec.dst.port = uint16_t(spec.dst.port + 1 + b.in.salt % 7);
    return b.finish(encode_discover(b.payload(), b.in.sender, false), spec);
}

// Cuts the relay frame of `length` bytes down to one IP fragment of its
// datagram: `keep` bytes of the UDP datagram from byte `offset` (a multiple
// of 8), fragment id `id`, More Fragments = `more`. Returns the new length.
std::size_t refragment(Builder& b, std::size_t length, uint32_t id, std::size_t offset, std::size_t keep, bool more) {
    const std::size_t ip_header = b.ipv6 ? kIpv6Header : kIpv4Header;
    uint8_t* l4 = b.l3() + ip_header;
    keep = std::min(keep, length - kEthernetHeader - ip_header - offset);
    if (!b.ipv6) {
        std::memmove(l4, l4 + offset, keep);
        auto* ip = reinterpret_cast<rte_ipv4_hdr*>(b.l3());
        ip->packet_id = rte_cpu_to_be_16(uint16_t(id));
        ip->fragment_offset = rte_cpu_to_be_16(uint16_t(offset / 8 | (more ? RTE_IPV4_HDR_MF_FLAG : 0)));
        ip->total_length = rte_cpu_to_be_16(uint16_t(kIpv4Header + keep));
        ip->hdr_checksum = 0;
        ip->hdr_checksum = rte_ipv4_cksum(ip);
        return kEthernetHeader + kIpv4Header + keep;
    }
    // A Fragment header between the IPv6 header and the piece of UDP datagram.
    std::memmove(l4 + sizeof(rte_ipv6_fragment_ext), l4 + offset, keep);
    auto* fh = reinterpret_cast<rte_ipv6_fragment_ext*>(l4);
    fh->next_header = IPPROTO_UDP;
    fh->reserved = 0;
    fh->frag_data = rte_cpu_to_be_16(uint16_t(offset | (more ? 1 : 0)));
    fh->id = rte_cpu_to_be_32(id);
    auto* ip = reinterpret_cast<rte_ipv6_hdr*>(b.l3());
    ip->proto = IPPROTO_FRAGMENT;
    ip->payload_len = rte_cpu_to_be_16(uint16_t(sizeof(rte_ipv6_fragment_ext) + keep));
    return kEthernetHeader + kIpv6Header + sizeof(rte_ipv6_fragment_ext) + keep;
}

// Fragment ids: orphans 0xf000..0xffff, overlapping pairs below (IPv4's 16 bits).
constexpr uint32_t kOrphanIdBase = 0xf000;

// The first fragment of a relay whose other fragments never come: its
// whole 8-byte blocks (a fragment with More Fragments set is a multiple of 8).
std::size_t orphan_fragment(Builder& b) {
    const std::size_t length = b.relay();
    const std::size_t udp_length = rte_be_to_cpu_16(b.udp()->dgram_len);
    return refragment(b, length, kOrphanIdBase | uint32_t(b.in.index & 0x0fff), 0, udp_length / 8 * 8, true);
}

// Pairs of fragments of one datagram (same sender, consecutive frames of the
// variant): [0, 48) with More Fragments (a first fragment the beacon takes:
// 48 bytes at least), then [40, end) as the last one. They overlap in bytes
// 40..47, so the datagram must be abandoned.
std::size_t overlapping_fragment(Builder& b) {
    constexpr std::size_t kFirstPiece = 48, kSecondAt = 40;
    const std::size_t length = b.relay();
    const uint32_t id = uint32_t(b.in.index / 2 % kOrphanIdBase);
    if (b.in.index % 2 == 0) return refragment(b, length, id, 0, kFirstPiece, true);
    return refragment(b, length, id, kSecondAt, length, false);
}

// ARP (IPv4) or ND (IPv6) from a spoofed MAC and address, in turn: a request
// for the beacon's address, a request for another address, and an unasked
// answer sent to the beacon.
std::size_t arp_flood(Builder& b) {
    const uint64_t i = b.in.index;
    const Mac spoofed_mac{0x02, 0xa5, uint8_t(i >> 24), uint8_t(i >> 16), uint8_t(i >> 8), uint8_t(i)};
    net::IpAddress spoofed_ip = b.in.spec.src.address;
    spoofed_ip.bytes[b.ipv6 ? 15 : 3] = uint8_t(1 + i % 250);
    const net::IpAddress beacon = b.in.spec.dst.address;
    net::IpAddress other = beacon;
    other.bytes[b.ipv6 ? 15 : 3] ^= 0x80;
    switch (i % 3) {
        case 0: return write_neighbour_request(b.frame, spoofed_mac, spoofed_ip, beacon);
        case 1: return write_neighbour_request(b.frame, spoofed_mac, spoofed_ip, other);
        default:
            return write_neighbour_answer(
                b.frame, spoofed_mac,
                NeighbourMessage{.request = true, .target = spoofed_ip, .sender = beacon, .sender_mac = b.in.spec.dst_mac});
    }
}

// The sender's address, a port of its own outside the daemons' ranges.
UdpFrameSpec spoofed_source(const Builder& b) {
    UdpFrameSpec spec = b.in.spec;
    spec.src.port = uint16_t(kSpoofedPortFirst + b.in.index % kSpoofedPortCount);
    return spec;
}

// A Discover claiming the victim's id: the beacon must not move its endpoint.
std::size_t spoofed_discover(Builder& b) {
    return b.finish(encode_discover(b.payload(), b.in.victim, false), spoofed_source(b));
}

// A PunchRequest in the victim's name (PunchRequests move the requester).
std::size_t spoofed_punch(Builder& b) {
    return b.finish(encode_punch(b.payload(), b.in.victim, b.in.peer), spoofed_source(b));
}

std::size_t short_discover(Builder& b) {
    encode_discover(b.payload(), b.in.sender, b.in.salt & 1);
    return b.finish(1 + b.in.salt % 4);  // the type and 0..3 bytes of the id
}

}  // namespace

std::size_t write_hostile_frame(std::span<uint8_t> frame, HostileVariant v, const HostileInput& in) {
    Builder b{frame, in};
    switch (v) {
        case HostileVariant::EmptyPayload: return b.finish(0);
        case HostileVariant::TypeOnly: return type_only(b);
        case HostileVariant::TruncatedRelay: return truncated_relay(b);
        case HostileVariant::UnknownType: return unknown_type(b);
        case HostileVariant::ReplyTypes: return reply_type(b);
        case HostileVariant::SyncFromStranger: return sync_from_stranger(b, false);
        case HostileVariant::SyncCountMismatch: return sync_from_stranger(b, true);
        case HostileVariant::BadUdpChecksum: return bad_udp_checksum(b);
        case HostileVariant::BadIpChecksum: return bad_ip_checksum(b);
        case HostileVariant::IpLengthOverrun: return ip_length_overrun(b);
        case HostileVariant::UdpLengthMismatch: return udp_length_mismatch(b);
        case HostileVariant::WrongPort: return wrong_port(b);
        case HostileVariant::OrphanFragment: return orphan_fragment(b);
        case HostileVariant::ShortDiscover: return short_discover(b);
        case HostileVariant::ArpFlood: return arp_flood(b);
        case HostileVariant::OverlappingFragment: return overlapping_fragment(b);
        case HostileVariant::SpoofedDiscover: return spoofed_discover(b);
        case HostileVariant::SpoofedPunch: return spoofed_punch(b);
    }
    return b.finish(0);
}

}  // namespace pb::pktgen
