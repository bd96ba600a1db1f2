// dataplane/ipv4_input.hpp — IPv4 receive path: header validation, ICMP echo,
// and UDP datagrams for the beacon port.
#pragma once

#include <rte_mbuf.h>

#include "dataplane/l2.hpp"

namespace pb::dp {

Verdict handle_ipv4(rte_mbuf* m, const L2Header& l2, WorkerContext& ctx);

}  // namespace pb::dp
