// dataplane/fragments.hpp — IP fragments on the worker: steering each
// fragment to the worker that owns its datagram, reassembly there and the
// reassembled datagram's way back into the receive path; and, on the way
// out, splitting a frame larger than the port MTU into fragments.
#pragma once

#include <rte_mbuf.h>

#include "dataplane/l2.hpp"

namespace pb::dp {

// A validated IPv4/IPv6 fragment addressed to us. Always consumes `m`.
Verdict handle_fragment(rte_mbuf* m, const L2Header& l2, WorkerContext& ctx);

// Queues a finished frame for transmission, fragmenting it to the port MTU
// when it is larger (on a port that cannot send mbuf chains, also a chain
// larger than one mbuf, in pieces that fit one); frees it (counted) when it
// cannot be sent.
void transmit_frame(rte_mbuf* m, WorkerContext& ctx);

// True when the frame's IP packet is larger than the port MTU.
bool exceeds_mtu(const rte_mbuf* m, const LocalInterface& iface);

}  // namespace pb::dp
