// dataplane/arp.hpp — ARP responder: answers requests for our IPv4 address in
// place. (Neighbour learning from ARP replies arrives with the neighbour table.)
#pragma once

#include <rte_mbuf.h>

#include "dataplane/l2.hpp"

namespace pb::dp {

Verdict handle_arp(rte_mbuf* m, const L2Header& l2, WorkerContext& ctx);

}  // namespace pb::dp
