// dataplane/frag/reassembler.hpp — IPv4 and IPv6 fragment reassembly for one
// worker lcore (DPDK's rte_ip_frag is compiled for 8 fragments in Debian;
// this one takes datagrams up to 65,535 bytes in up to 64 fragments).
//
// Single-threaded (one per worker, no locks), no allocation after the
// constructor, every loop bounded. Memory is bounded twice: at most
// max_datagrams datagrams in the table, and at most max_held_mbufs fragments
// held over all of them (so a flood of never-completed datagrams cannot
// drain the RX mempool).
//
// Policies (each outcome counted in FragCounters):
//   * Only UDP is reassembled; the IPv6 Fragment header must directly follow
//     the fixed header (no other extension headers).
//   * Fragments bad on their own are dropped alone: malformed, not UDP,
//     non-last with a length not a multiple of 8, ending past 65,535 bytes,
//     a first fragment shorter than kMinFirstFragmentData, exact duplicates.
//   * Overlaps (RFC 5722, for IPv4 as well), a length contradicting the last
//     fragment's, or more than kMaxFragmentsPerDatagram fragments abandon
//     the whole datagram: every fragment held for it is freed.
//   * Timeout: a datagram whose first fragment arrived more than timeout_ms
//     ago is freed, lazily when one of its fragments arrives (which then
//     starts a new datagram) and by expire().
//   * Table full: the OLDEST datagram is evicted to make room for the new
//     one (counted as timeout if it had expired anyway). A flood must then
//     bring max_datagrams new datagrams within the few microseconds a
//     genuine one takes to arrive to break it, whereas refusing new ones
//     would let a slow flood hold the table for the whole timeout.
//   * Fragment limit: past max_held_mbufs, the oldest other datagrams are
//     evicted until the count fits again.
#pragma once

#include <rte_mbuf.h>
#include <rte_memory.h>

#include <cstddef>
#include <cstdint>

#include "dataplane/frag/flow_table.hpp"
#include "dataplane/frag/frag_counters.hpp"

namespace pb::dp::frag {

struct ReassemblerConfig {
    uint32_t max_datagrams = 4096;    // dataplane.frag.max_datagrams: datagrams in reassembly at once
    uint32_t timeout_ms = 2000;       // dataplane.frag.timeout_ms: from a datagram's first fragment
    uint32_t max_held_mbufs = 8192;   // fragments held at once, >= kMaxFragmentsPerDatagram; the
                                      // mbuf pool needs workers x this on top of its other users
    int socket_id = SOCKET_ID_ANY;    // NUMA socket of the worker lcore (the table lives there)
};

class Reassembler {
public:
    // Datagrams expire() frees per call unless told otherwise.
    static constexpr unsigned kDefaultExpireBudget = 32;

    // Allocates the table (bytes_for(max_datagrams)) from the EAL heap of
    // cfg.socket_id and converts the timeout with rte_get_tsc_hz(). Throws
    // std::invalid_argument for a bad config, std::bad_alloc without memory.
    Reassembler(const ReassemblerConfig& cfg, FragCounters& counters);
    // Frees every mbuf still held (flush()).
    ~Reassembler();
    Reassembler(const Reassembler&) = delete;
    Reassembler& operator=(const Reassembler&) = delete;

    // Memory the table takes for max_datagrams: 856 bytes each plus a 4-byte
    // bucket per power-of-two slot (4096 -> 3.4 MiB), not counting the mbufs
    // it holds (at most max_held_mbufs).
    static size_t bytes_for(uint32_t max_datagrams);

    // Feeds one received frame whose IP header starts at l2_len. The frame's
    // IP header must already be validated by the input stage (version,
    // header checksum, destination); link padding may still be there.
    // Always takes ownership of `m`. Returns:
    //   * the complete datagram, when `m` was the missing piece: one chain,
    //     first segment = the first fragment's L2 header, the IP header
    //     rewritten as if never fragmented (IPv4: total length, MF/offset
    //     cleared, header checksum; IPv6: Fragment header removed, payload
    //     length, next header), the UDP header and at least 40 payload bytes
    //     (kMinFirstFragmentData) contiguous; then the other fragments' data
    //     in order. pkt_len = l2 + IP total length. ol_flags: L4 checksum
    //     UNKNOWN (verify the UDP checksum in software over the chain), IPv4
    //     header checksum GOOD; l2_len/l3_len set. The caller owns it.
    //   * `m` itself when it is no fragment (IPv4 MF clear and offset 0, IPv6
    //     without Fragment header), or an IPv6 atomic fragment (returned with
    //     its Fragment header removed);
    //   * nullptr otherwise: held for later, or dropped and counted.
    // `now` is the TSC (rte_rdtsc()); any monotonic value in tests.
    rte_mbuf* feed(rte_mbuf* m, uint16_t l2_len, uint64_t now);

    // Frees datagrams older than the timeout, oldest first, at most
    // `max_datagrams` of them (bounded work); returns how many.
    unsigned expire(uint64_t now, unsigned max_datagrams = kDefaultExpireBudget);

    // Frees every datagram in reassembly and all their mbufs (teardown;
    // not counted); returns how many datagrams.
    unsigned flush();

    uint32_t datagrams() const { return table_.size(); }
    uint32_t held_mbufs() const { return held_; }
    uint64_t timeout_cycles() const { return timeout_cycles_; }

private:
    bool expired(const Flow& flow, uint64_t now) const;
    uint32_t open_flow(const FlowKey& key, uint32_t hash, uint64_t now);
    void drop_flow(uint32_t index, Counter& reason);
    void enforce_mbuf_limit(uint32_t keep);
    rte_mbuf* drop(rte_mbuf* m, Counter& reason);

    FlowTable table_;
    FragCounters& counters_;
    uint64_t timeout_cycles_;
    uint32_t max_held_;
    uint32_t held_ = 0;
    uint32_t seed_;
};

}  // namespace pb::dp::frag
