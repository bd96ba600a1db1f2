// dataplane/beacon/prefetch.cpp — the look-ahead of prefetch.hpp.
#include "dataplane/beacon/prefetch.hpp"

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "common/wire/byte_order.hpp"
#include "common/wire/types.hpp"
#include "dataplane/beacon/beacon_state.hpp"

namespace pb::dp {

namespace {
// Offsets inside the beacon message.
constexpr uint16_t kDiscoverIdOffset = 1;
constexpr uint16_t kRelayDestOffset = 5;
}  // namespace

void prefetch_beacon_state(const rte_mbuf* m, const WorkerContext& ctx) {
    const uint8_t* frame = rte_pktmbuf_mtod(m, const uint8_t*);
    const uint16_t len = rte_pktmbuf_data_len(m);
    const uint16_t l2 = uint16_t(sizeof(rte_ether_hdr) + (ctx.iface.vlan_id ? sizeof(rte_vlan_hdr) : 0));
    if (len < l2 + sizeof(rte_ipv4_hdr) + sizeof(rte_udp_hdr) + wire::kRelayHeaderSize) return;
    const auto ether_type = wire::load_be<uint16_t>(frame + l2 - 2);
    const uint8_t* l3 = frame + l2;
    const rte_udp_hdr* udp;
    tables::SourceKey source;
    if (ether_type == RTE_ETHER_TYPE_IPV4) {
        const auto* ip = reinterpret_cast<const rte_ipv4_hdr*>(l3);
        const uint16_t ihl = rte_ipv4_hdr_len(ip);
        if (ip->next_proto_id != IPPROTO_UDP || l2 + ihl + sizeof(rte_udp_hdr) + wire::kRelayHeaderSize > len) return;
        udp = reinterpret_cast<const rte_udp_hdr*>(l3 + ihl);
        source = tables::SourceKey::from_ipv4(ip->src_addr, udp->src_port);
    } else if (ether_type == RTE_ETHER_TYPE_IPV6) {
        const auto* ip = reinterpret_cast<const rte_ipv6_hdr*>(l3);
        if (ip->proto != IPPROTO_UDP || l2 + sizeof(rte_ipv6_hdr) + sizeof(rte_udp_hdr) + wire::kRelayHeaderSize > len)
            return;
        udp = reinterpret_cast<const rte_udp_hdr*>(ip + 1);
        source = tables::SourceKey::from_ipv6(ip->src_addr, udp->src_port);
    } else {
        return;
    }
    if (udp->dst_port != ctx.iface.beacon_port) return;
    const uint8_t* message = reinterpret_cast<const uint8_t*>(udp + 1);
    BeaconState& beacon = ctx.beacon;
    switch (wire::MsgType(message[0])) {
        case wire::MsgType::Relay:
            beacon.nodes.prefetch(wire::load_be<uint32_t>(message + kRelayDestOffset));
            beacon.relay_budget.prefetch(source);
            break;
        case wire::MsgType::Discover:
        case wire::MsgType::DiscoverEx:
            beacon.nodes.prefetch(wire::load_be<uint32_t>(message + kDiscoverIdOffset));
            break;
        default: break;
    }
}

}  // namespace pb::dp
