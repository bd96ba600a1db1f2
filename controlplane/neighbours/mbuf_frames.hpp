// controlplane/neighbours/mbuf_frames.hpp — moving whole frames between the
// control plane's byte buffers and mbufs: a frame it built is copied into an
// mbuf (a chain when it is longer than one segment), and a punted frame
// (perhaps a reassembled chain) is read as contiguous bytes.
#pragma once

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <cstdint>
#include <span>
#include <vector>

namespace pb::cp::frames {

// A new mbuf (chain) holding `frame`; nullptr when the pool ran dry (nothing
// is left allocated then).
rte_mbuf* frame_to_mbuf(rte_mempool* pool, std::span<const uint8_t> frame);

// The frame's bytes: the first segment's data when it holds the whole frame,
// otherwise a copy in `scratch`.
std::span<const uint8_t> frame_bytes(const rte_mbuf* m, std::vector<uint8_t>& scratch);

}  // namespace pb::cp::frames
