// dataplane/arp.hpp — ARP responder: answers requests for our IPv4 address in
// place and hands replies addressed to us to the control plane, which owns
// the neighbour table (gateway and peer-beacon MACs).
#pragma once

#include <rte_mbuf.h>

#include "dataplane/l2.hpp"

namespace pb::dp {

Verdict handle_arp(rte_mbuf* m, const L2Header& l2, WorkerContext& ctx);

}  // namespace pb::dp
