// dataplane/frame_dispatch.hpp — the whole receive path for one frame:
// L2 validation, then ARP, IPv4 or IPv6. The single entry point that the
// worker loop, the tests and the packet-path fuzzer drive.
#pragma once

#include <rte_mbuf.h>

#include "dataplane/worker_context.hpp"

namespace pb::dp {

Verdict handle_frame(rte_mbuf* m, WorkerContext& ctx);

}  // namespace pb::dp
