// dataplane/beacon_dispatch.cpp — dispatch of beacon messages by type byte.
// The message handlers (discover, punch, relay, sync) land with the
// dataplane issue; until then every datagram to the beacon port is counted.
#include "dataplane/udp_datagram.hpp"

namespace pb::dp {

Verdict handle_beacon_datagram(rte_mbuf*, const UdpDatagram&, WorkerContext& ctx) {
    ctx.counters.beacon_unhandled.add();
    return Verdict::Drop;
}

}  // namespace pb::dp
