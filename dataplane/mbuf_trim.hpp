// dataplane/mbuf_trim.hpp — cutting a received frame to the length its IP
// header states (Ethernet padding, or junk after the datagram), chained or
// not: rte_pktmbuf_trim only cuts within the last segment and leaves the
// frame as it was when the surplus reaches further back.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>

namespace pb::dp {

// Cuts `m` to its first `length` bytes, freeing the segments past them.
// false (nothing changed) when the frame is shorter than `length`.
bool trim_frame(rte_mbuf* m, uint32_t length);

}  // namespace pb::dp
