// tests/support/mbuf_frames.cpp — copies between byte vectors and mbufs.
#include "tests/support/mbuf_frames.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace pb::test {

namespace {
rte_mbuf* alloc_or_throw(rte_mempool* pool) {
    rte_mbuf* m = rte_pktmbuf_alloc(pool);
    if (!m) throw std::runtime_error(std::string("mbuf pool ") + pool->name + " is empty");
    return m;
}
}  // namespace

rte_mbuf* mbuf_from_frame(rte_mempool* pool, std::span<const uint8_t> frame) {
    rte_mbuf* head = alloc_or_throw(pool);
    rte_mbuf* tail = head;
    std::size_t copied = 0;
    do {
        const std::size_t chunk = std::min<std::size_t>(frame.size() - copied, rte_pktmbuf_tailroom(tail));
        // append() writes into the last segment, which has `chunk` bytes of room.
        std::memcpy(rte_pktmbuf_append(head, uint16_t(chunk)), frame.data() + copied, chunk);
        copied += chunk;
        if (copied < frame.size()) {
            rte_mbuf* next = rte_pktmbuf_alloc(pool);
            if (!next || rte_pktmbuf_chain(head, next) != 0) {
                rte_pktmbuf_free(next);
                rte_pktmbuf_free(head);
                throw std::runtime_error("cannot chain a frame of " + std::to_string(frame.size()) + " bytes");
            }
            tail = next;
        }
    } while (copied < frame.size());
    return head;
}

Bytes frame_from_mbuf(const rte_mbuf* m) {
    Bytes frame;
    frame.reserve(rte_pktmbuf_pkt_len(m));
    for (const rte_mbuf* seg = m; seg; seg = seg->next) {
        const auto* data = rte_pktmbuf_mtod(seg, const uint8_t*);
        frame.insert(frame.end(), data, data + rte_pktmbuf_data_len(seg));
    }
    return frame;
}

}  // namespace pb::test
