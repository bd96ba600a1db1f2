// dataplane/ipv6_input.hpp — IPv6 receive path: header validation, Neighbour
// Solicitation → Advertisement, ICMPv6 echo, and UDP for the beacon port.
#pragma once

#include <rte_mbuf.h>

#include "dataplane/l2.hpp"

namespace pb::dp {

Verdict handle_ipv6(rte_mbuf* m, const L2Header& l2, WorkerContext& ctx);

}  // namespace pb::dp
