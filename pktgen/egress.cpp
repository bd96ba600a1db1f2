// pktgen/egress.cpp — the fragmenter call and the pools behind it.
#include "pktgen/egress.hpp"

#include <rte_errno.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <stdexcept>

#include "pktgen/frame.hpp"

namespace pb::pktgen {

unsigned fragments_per_frame(std::size_t max_frame, uint16_t mtu) {
    // At least 8 bytes of payload per fragment at the smallest MTU; IPv6 adds 48 bytes of headers.
    const std::size_t per_fragment = (std::size_t(mtu) - 48) & ~std::size_t(7);
    return unsigned((max_frame + per_fragment - 1) / per_fragment);
}

FragmentPools create_fragment_pools(const std::string& prefix, std::size_t max_frame, uint16_t mtu,
                                    unsigned frames_in_flight, int socket) {
    FragmentPools pools;
    const uint32_t jumbo_count = std::bit_ceil(frames_in_flight + 1) - 1;
    const uint16_t room = uint16_t(RTE_PKTMBUF_HEADROOM + max_frame);
    pools.jumbo = rte_pktmbuf_pool_create((prefix + "_jumbo").c_str(), jumbo_count, std::min(32u, jumbo_count / 2), 0,
                                          room, socket);
    // Every fragment references the jumbo mbuf once (one segment each).
    const uint32_t indirect_count = std::bit_ceil(jumbo_count * fragments_per_frame(max_frame, mtu) + 1024) - 1;
    pools.indirect = rte_pktmbuf_pool_create((prefix + "_indirect").c_str(), indirect_count, 64, 0, 0, socket);
    if (!pools.jumbo || !pools.indirect) {
        const std::string reason = rte_strerror(rte_errno);
        free_fragment_pools(pools);
        throw std::runtime_error("creating the fragment pools (" + std::to_string(jumbo_count) + " × " +
                                 std::to_string(room) + " B): " + reason);
    }
    return pools;
}

void free_fragment_pools(FragmentPools& pools) {
    rte_mempool_free(pools.jumbo);
    rte_mempool_free(pools.indirect);
    pools = {};
}

EgressFragmenter::EgressFragmenter(rte_mempool* direct, rte_mempool* indirect, uint16_t mtu, bool multi_segs,
                                   unsigned worker, unsigned workers)
    : direct_(direct), indirect_(indirect), mtu_(mtu), multi_segs_(multi_segs), ipv6_ids_(worker, workers) {}

int EgressFragmenter::split(rte_mbuf* frame, bool ipv6, rte_mbuf** out, uint16_t max_out) {
    const int n = ipv6 ? dp::frag::fragment_ipv6(frame, kEthernetHeader, mtu_, direct_, indirect_, out, max_out,
                                                 ipv6_ids_.next())
                       : dp::frag::fragment_ipv4(frame, kEthernetHeader, mtu_, direct_, indirect_, out, max_out, false);
    if (n <= 0 || multi_segs_) return n;
    for (int i = 0; i < n; ++i) {
        if (out[i]->nb_segs > 1 && rte_pktmbuf_linearize(out[i]) != 0) {
            for (int j = 0; j < n; ++j) rte_pktmbuf_free(out[j]);
            return -ENOMEM;
        }
    }
    return n;
}

}  // namespace pb::pktgen
