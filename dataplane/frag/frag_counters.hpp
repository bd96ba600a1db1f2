// dataplane/frag/frag_counters.hpp — outcome counters of one worker's
// reassembler. The worker owns one cache-aligned FragCounters and is its only
// writer; the control plane reads them at any time (same single-writer
// Counter as WorkerCounters). The X-macro list is the single source of the
// names, for metrics and telemetry.
//
// "frag_fragment_dropped" counts single fragments refused on their own (the
// datagram they belong to, if any, carries on); "frag_datagram_dropped"
// counts datagrams abandoned with every fragment they held.
#pragma once

#include "dataplane/counters.hpp"

namespace pb::dp::frag {

// X(field, group, reason): as PB_WORKER_COUNTERS.
#define PB_FRAG_COUNTERS(X)                                                          \
    X(fragments, "frag_fragments", "")                  /* fed to the reassembler */ \
    X(reassembled, "frag_reassembled", "")              /* datagrams completed */    \
    X(unfragmented, "frag_unfragmented", "")            /* non-fragments, IPv6 atomic fragments: returned at once */ \
    X(malformed, "frag_fragment_dropped", "malformed")  /* truncated, bad lengths, empty */ \
    X(other_protocol, "frag_fragment_dropped", "other_protocol") /* not UDP */       \
    X(misaligned, "frag_fragment_dropped", "misaligned") /* non-last, length % 8 != 0 */ \
    X(too_big, "frag_fragment_dropped", "too_big")      /* ends past 65,535 bytes */ \
    X(tiny_first, "frag_fragment_dropped", "tiny_first") /* first fragment too short */ \
    X(duplicate, "frag_fragment_dropped", "duplicate")  /* same range as one held */ \
    X(overlap, "frag_datagram_dropped", "overlap")      /* RFC 5722, v4 and v6 */    \
    X(inconsistent_length, "frag_datagram_dropped", "inconsistent_length")          \
    X(too_many_fragments, "frag_datagram_dropped", "too_many_fragments")            \
    X(timeout, "frag_datagram_dropped", "timeout")                                  \
    X(evicted_table_full, "frag_datagram_dropped", "table_full")                    \
    X(evicted_mbuf_limit, "frag_datagram_dropped", "mbuf_limit")

struct alignas(64) FragCounters {
#define PB_DECLARE_FRAG_COUNTER(field, group, reason) Counter field;
    PB_FRAG_COUNTERS(PB_DECLARE_FRAG_COUNTER)
#undef PB_DECLARE_FRAG_COUNTER
};

}  // namespace pb::dp::frag
