// pktgen/egress.hpp — large relays on the wire: the whole frame is written
// into one mbuf of the jumbo pool, then cut to the port's MTU by the
// beacon's own egress fragmenter (dataplane/frag/fragmenter.hpp), and each
// fragment linearised when the port cannot send mbuf chains (net_af_xdp).
// Also creates the two pools that path needs.
#pragma once

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <cstdint>
#include <string>

#include "dataplane/frag/fragmenter.hpp"

namespace pb::pktgen {

struct FragmentPools {
    rte_mempool* jumbo = nullptr;     // data room for one whole frame
    rte_mempool* indirect = nullptr;  // the fragments' references into it
};

// Pools for `frames_in_flight` whole frames of up to `max_frame` bytes, cut
// at `mtu`; throws std::runtime_error on failure. Free with free_fragment_pools.
FragmentPools create_fragment_pools(const std::string& prefix, std::size_t max_frame, uint16_t mtu,
                                    unsigned frames_in_flight, int socket);
// The most frames one whole frame of `max_frame` bytes becomes at `mtu`.
unsigned fragments_per_frame(std::size_t max_frame, uint16_t mtu);
void free_fragment_pools(FragmentPools& pools);

class EgressFragmenter {
public:
    EgressFragmenter(rte_mempool* direct, rte_mempool* indirect, uint16_t mtu, bool multi_segs, unsigned worker,
                     unsigned workers);
    // Consumes `frame` (Ethernet + IPv4/IPv6 + UDP, final checksums); puts
    // the frames to send in out[0..n) and returns n, or a negative errno
    // (everything freed).
    int split(rte_mbuf* frame, bool ipv6, rte_mbuf** out, uint16_t max_out);

private:
    rte_mempool* direct_;
    rte_mempool* indirect_;
    uint16_t mtu_;
    bool multi_segs_;
    dp::frag::Ipv6FragmentIds ipv6_ids_;
};

}  // namespace pb::pktgen
