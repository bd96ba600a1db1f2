// tests/support/mbuf_frames.hpp — moving test frames in and out of mbufs:
// a byte vector becomes an mbuf (chained when it exceeds one data room), and
// a transmitted mbuf chain becomes a byte vector again.
#pragma once

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <span>

#include "tests/support/net_types.hpp"

namespace pb::test {

// Throws std::runtime_error when the pool runs dry.
rte_mbuf* mbuf_from_frame(rte_mempool* pool, std::span<const uint8_t> frame);

// Every segment's data, in order.
Bytes frame_from_mbuf(const rte_mbuf* m);

}  // namespace pb::test
