// pktgen/hostile.cpp — one builder per hostile variant; each starts from a
// well-formed UDP frame (payload via common/wire where it is a beacon
// message) and breaks exactly what the variant names.
#include "pktgen/hostile.hpp"

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include <array>
#include <cstring>

#include "common/wire/encode.hpp"
#include "common/wire/endpoint_messages.hpp"
#include "common/wire/relay.hpp"
#include "common/wire/sync.hpp"
#include "pktgen/messages.hpp"

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

// The first fragment of a relay whose other fragments never come.
std::size_t orphan_fragment(Builder& b) {
    const std::size_t length = b.relay();
    const uint16_t id = uint16_t(0xf000 | (b.in.salt & 0x0fff));
    if (!b.ipv6) {
        auto* ip = reinterpret_cast<rte_ipv4_hdr*>(b.l3());
        ip->packet_id = rte_cpu_to_be_16(id);
        ip->fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_MF_FLAG);
        ip->hdr_checksum = 0;
        ip->hdr_checksum = rte_ipv4_cksum(ip);
        return length;
    }
    // Insert a Fragment header (offset 0, M = 1) between the IPv6 header and UDP.
    uint8_t* l4 = b.l3() + kIpv6Header;
    const std::size_t l4_len = length - kEthernetHeader - kIpv6Header;
    std::memmove(l4 + sizeof(rte_ipv6_fragment_ext), l4, l4_len);
    auto* fh = reinterpret_cast<rte_ipv6_fragment_ext*>(l4);
    fh->next_header = IPPROTO_UDP;
    fh->reserved = 0;
    fh->frag_data = rte_cpu_to_be_16(1);
    fh->id = rte_cpu_to_be_32(id);
    auto* ip = reinterpret_cast<rte_ipv6_hdr*>(b.l3());
    ip->proto = IPPROTO_FRAGMENT;
    ip->payload_len = rte_cpu_to_be_16(uint16_t(l4_len + sizeof(rte_ipv6_fragment_ext)));
    return length + sizeof(rte_ipv6_fragment_ext);
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
    }
    return b.finish(0);
}

}  // namespace pb::pktgen
