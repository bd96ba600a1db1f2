// dataplane/frag/steering.cpp — fragment owner: the datagram hash mapped onto
// the worker count by multiply-shift (no modulo bias worth noting, no division).
#include "dataplane/frag/steering.hpp"

#include "dataplane/frag/flow_key.hpp"

namespace pb::dp::frag {

uint32_t fragment_owner(const rte_mbuf* m, uint16_t l2_len, unsigned workers) {
    FlowKey key;
    if (workers <= 1 || !read_flow_key(m, l2_len, key)) return 0;
    return uint32_t((uint64_t(datagram_hash(key)) * workers) >> 32);
}

}  // namespace pb::dp::frag
