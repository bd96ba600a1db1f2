// dataplane/worker_context.hpp — everything one worker lcore touches while
// handling a packet: the read-only interface description, the shared beacon
// state, its own counters, clock reading, TX batch and punt ring, and the
// verdict a handler returns to the burst loop.
#pragma once

#include <rte_mempool.h>
#include <rte_ring.h>

#include <cstdint>
#include <span>

#include "dataplane/channels.hpp"
#include "dataplane/clock.hpp"
#include "dataplane/counters.hpp"
#include "dataplane/frag/fragmenter.hpp"
#include "dataplane/frag/reassembler.hpp"
#include "dataplane/hot_log_sites.hpp"
#include "dataplane/local_interface.hpp"
#include "dataplane/tx_batch.hpp"

namespace pb::dp {

struct BeaconState;

// What the burst loop does with a packet once a handler is finished with it.
enum class Verdict : uint8_t {
    Drop,      // free it (the handler has counted why)
    Transmit,  // headers rewritten in place: append it to the TX batch
    Consumed,  // the handler took ownership (queued for TX itself, punted, or held)
};

// IP fragments: reassembly happens on the worker that owns a datagram
// (frag::fragment_owner); fragments that land elsewhere are passed to it.
struct FragmentContext {
    frag::Reassembler& reassembler;
    frag::FragCounters& counters;
    unsigned worker;                         // this worker's index
    std::span<rte_ring* const> inboxes;      // every worker's fragment inbox (multi-producer)
    rte_mempool* indirect_pool;              // egress fragmentation
    frag::Ipv6FragmentIds ipv6_ids;
};

struct WorkerContext {
    const LocalInterface& iface;
    BeaconState& beacon;
    WorkerCounters& counters;
    TxBatch& tx;
    rte_mempool* pool;       // for frames the beacon originates (the second punch command)
    rte_ring* to_control;    // punts; single producer (this worker), single consumer
    FragmentContext frag;
    log::HotLogQueue& log;   // this worker's hot-path log queue (never blocks)
    HotLogSites& log_sites;
    Now now;                 // refreshed once per burst
    uint64_t now_tsc = 0;    // the same instant in TSC cycles (reassembly timeouts)
    uint16_t ipv4_packet_id = 0;  // identification of the IPv4 datagrams this worker originates
};

}  // namespace pb::dp
