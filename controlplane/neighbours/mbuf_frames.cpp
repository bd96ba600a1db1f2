// controlplane/neighbours/mbuf_frames.cpp — frame ⇄ mbuf copies.
#include "controlplane/neighbours/mbuf_frames.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace pb::cp::frames {

rte_mbuf* frame_to_mbuf(rte_mempool* pool, std::span<const uint8_t> frame) {
    constexpr size_t kMaxSegments = 128;  // 64 KiB in mbufs of at least 512 bytes
    const size_t room = rte_pktmbuf_data_room_size(pool) - RTE_PKTMBUF_HEADROOM;
    const size_t count = std::max<size_t>(1, (frame.size() + room - 1) / room);
    std::array<rte_mbuf*, kMaxSegments> segments;
    if (count > kMaxSegments || rte_pktmbuf_alloc_bulk(pool, segments.data(), unsigned(count)) != 0) return nullptr;
    // Fill each segment, then link them behind the first.
    for (size_t i = 0, at = 0; i < count; ++i, at += room) {
        const size_t n = std::min(room, frame.size() - at);
        std::memcpy(rte_pktmbuf_append(segments[i], uint16_t(n)), frame.data() + at, n);
        if (i > 0) segments[i - 1]->next = segments[i];
    }
    segments[0]->nb_segs = uint16_t(count);
    segments[0]->pkt_len = uint32_t(frame.size());
    return segments[0];
}

std::span<const uint8_t> frame_bytes(const rte_mbuf* m, std::vector<uint8_t>& scratch) {
    const uint32_t length = rte_pktmbuf_pkt_len(m);
    if (rte_pktmbuf_data_len(m) >= length) return {rte_pktmbuf_mtod(m, const uint8_t*), length};
    scratch.resize(length);
    const void* data = rte_pktmbuf_read(m, 0, length, scratch.data());
    return {static_cast<const uint8_t*>(data), length};
}

}  // namespace pb::cp::frames
