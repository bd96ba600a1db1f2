// dataplane/mbuf_trim.cpp — see the header.
#include "dataplane/mbuf_trim.hpp"

namespace pb::dp {

bool trim_frame(rte_mbuf* m, uint32_t length) {
    if (length > rte_pktmbuf_pkt_len(m)) return false;
    rte_mbuf* last = m;
    uint32_t before = 0;  // bytes in the segments before `last`
    uint16_t segments = 1;
    while (before + rte_pktmbuf_data_len(last) < length) {
        before += rte_pktmbuf_data_len(last);
        last = last->next;
        ++segments;
    }
    last->data_len = uint16_t(length - before);
    if (last->next != nullptr) {
        rte_pktmbuf_free(last->next);
        last->next = nullptr;
    }
    m->nb_segs = segments;
    m->pkt_len = length;
    return true;
}

}  // namespace pb::dp
