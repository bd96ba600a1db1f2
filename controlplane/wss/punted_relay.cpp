// controlplane/wss/punted_relay.cpp — reading a punted frame (any chain).
#include "controlplane/wss/punted_relay.hpp"

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include <array>
#include <cstring>

#include "common/wire/byte_order.hpp"
#include "common/wire/relay.hpp"

namespace pb::cp::wss {

namespace {

// `length` bytes at `offset`, wherever the chain holds them; nullptr past the end.
const uint8_t* bytes_at(const rte_mbuf* m, uint32_t offset, uint32_t length, uint8_t* scratch) {
    return static_cast<const uint8_t*>(rte_pktmbuf_read(m, offset, length, scratch));
}

// Offset and length of the UDP payload; false when the frame is not IPv4/IPv6 UDP.
bool udp_payload(const rte_mbuf* m, uint32_t& offset, uint32_t& length) {
    std::array<uint8_t, sizeof(rte_ipv6_hdr)> scratch;
    const uint8_t* eth = bytes_at(m, 0, sizeof(rte_ether_hdr) + sizeof(rte_vlan_hdr), scratch.data());
    if (eth == nullptr) return false;
    uint32_t l2 = sizeof(rte_ether_hdr);
    uint16_t ether_type = wire::load_be<uint16_t>(eth + 2 * RTE_ETHER_ADDR_LEN);
    if (ether_type == RTE_ETHER_TYPE_VLAN) {
        ether_type = wire::load_be<uint16_t>(eth + l2 + 2);
        l2 += sizeof(rte_vlan_hdr);
    }
    uint32_t l3 = sizeof(rte_ipv6_hdr);
    const uint8_t* ip = bytes_at(m, l2, sizeof(rte_ipv4_hdr), scratch.data());
    if (ip == nullptr) return false;
    if (ether_type == RTE_ETHER_TYPE_IPV4) {
        l3 = uint32_t(ip[0] & 0x0f) * 4;
        if (ip[offsetof(rte_ipv4_hdr, next_proto_id)] != IPPROTO_UDP) return false;
    } else if (ether_type != RTE_ETHER_TYPE_IPV6 || ip[offsetof(rte_ipv6_hdr, proto)] != IPPROTO_UDP) {
        return false;
    }
    const uint8_t* udp = bytes_at(m, l2 + l3, sizeof(rte_udp_hdr), scratch.data());
    if (udp == nullptr) return false;
    const uint32_t udp_length = wire::load_be<uint16_t>(udp + offsetof(rte_udp_hdr, dgram_len));
    offset = l2 + l3 + uint32_t(sizeof(rte_udp_hdr));
    length = udp_length - uint32_t(sizeof(rte_udp_hdr));
    return udp_length >= sizeof(rte_udp_hdr) && offset + length <= rte_pktmbuf_pkt_len(m);
}

}  // namespace

std::optional<PuntedRelay> read_punted_relay(const rte_mbuf* m) {
    uint32_t offset = 0, length = 0;
    std::array<uint8_t, wire::kRelayHeaderSize> scratch;
    const uint8_t* header = nullptr;
    if (!udp_payload(m, offset, length) || length < wire::kRelayHeaderSize ||
        (header = bytes_at(m, offset, wire::kRelayHeaderSize, scratch.data())) == nullptr ||
        header[0] != uint8_t(wire::MsgType::Relay))
        return std::nullopt;
    const uint32_t payload = length - uint32_t(wire::kRelayHeaderSize);
    PuntedRelay relay;
    relay.dest = wire::load_be<uint32_t>(header + wire::kTypeSize + wire::kIdSize);
    relay.deliver.resize(wire::kRelayDeliverHeaderSize + payload);
    relay.deliver[0] = uint8_t(wire::MsgType::RelayDeliver);
    std::memcpy(relay.deliver.data() + wire::kTypeSize, header + wire::kTypeSize, wire::kIdSize);
    uint8_t* out = relay.deliver.data() + wire::kRelayDeliverHeaderSize;
    if (payload == 0) return relay;
    const uint8_t* in = bytes_at(m, offset + uint32_t(wire::kRelayHeaderSize), payload, out);
    if (in == nullptr) return std::nullopt;
    if (in != out) std::memcpy(out, in, payload);
    return relay;
}

}  // namespace pb::cp::wss
