// dataplane/frag/flow_key.cpp — reading the datagram key from IPv4 and IPv6
// fragment headers, and hashing it.
#include "dataplane/frag/flow_key.hpp"

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_jhash.h>

#include <cstddef>

namespace pb::dp::frag {

namespace {

// Arbitrary, but the same in every process and on every worker.
constexpr uint32_t kDatagramHashSeed = 0x9e3779b9;

}  // namespace

bool read_flow_key(const rte_mbuf* m, uint16_t l2_len, FlowKey& key) {
    const uint16_t available = rte_pktmbuf_data_len(m);
    if (available < l2_len + 1) return false;
    const auto* l3 = rte_pktmbuf_mtod_offset(m, const uint8_t*, l2_len);
    key = FlowKey{};
    switch (l3[0] >> 4) {
        case 4: {
            if (available < l2_len + sizeof(rte_ipv4_hdr)) return false;
            const auto* ip = reinterpret_cast<const rte_ipv4_hdr*>(l3);
            std::memcpy(key.src, &ip->src_addr, 4);
            std::memcpy(key.dst, &ip->dst_addr, 4);
            key.id = rte_be_to_cpu_16(ip->packet_id);
            key.family = 4;
            key.protocol = ip->next_proto_id;
            return true;
        }
        case 6: {
            if (available < l2_len + sizeof(rte_ipv6_hdr) + sizeof(rte_ipv6_fragment_ext)) return false;
            const auto* ip = reinterpret_cast<const rte_ipv6_hdr*>(l3);
            if (ip->proto != IPPROTO_FRAGMENT) return false;
            const auto* fh = reinterpret_cast<const rte_ipv6_fragment_ext*>(ip + 1);
            std::memcpy(key.src, ip->src_addr, 16);
            std::memcpy(key.dst, ip->dst_addr, 16);
            key.id = rte_be_to_cpu_32(fh->id);
            key.family = 6;
            key.protocol = fh->next_header;
            return true;
        }
        default: return false;
    }
}

uint32_t flow_hash(const FlowKey& key, uint32_t seed) { return rte_jhash(&key, sizeof key, seed); }

uint32_t datagram_hash(const FlowKey& key) {
    static_assert(offsetof(FlowKey, id) + sizeof(FlowKey::id) == 36, "src, dst, id lead the key");
    return rte_jhash(&key, offsetof(FlowKey, id) + sizeof(FlowKey::id), kDatagramHashSeed);
}

}  // namespace pb::dp::frag
