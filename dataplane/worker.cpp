// dataplane/worker.cpp — burst loop of a worker lcore. No syscalls, locks or
// allocations on the packet path; the idle back-off sleeps only after a run
// of empty polls and never longer than idle_backoff.max_sleep_us.
#include "dataplane/worker.hpp"

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_prefetch.h>

#include <algorithm>

#include "dataplane/beacon/prefetch.hpp"
#include "dataplane/fragments.hpp"
#include "dataplane/frame_dispatch.hpp"

namespace pb::dp {

namespace {
constexpr unsigned kFrameAhead = 8;
constexpr unsigned kStateAhead = 4;
constexpr unsigned kEmptyPollsBeforeSleep = 256;
}  // namespace

Worker::Worker(const WorkerResources& r, uint16_t burst, config::IdleBackoff backoff)
    : clock_(r.clock),
      ctx_{r.iface,
           r.beacon,
           r.counters,
           tx_,
           r.pool,
           r.to_control,
           {r.reassembler, r.frag_counters, r.index, r.fragment_inboxes, r.indirect_pool,
            frag::Ipv6FragmentIds(r.index, unsigned(r.fragment_inboxes.size()))},
           r.log,
           r.log_sites,
           {},
           0,
           0},
      burst_(std::min(burst, kMaxBurst)),
      backoff_(backoff),
      from_control_(r.from_control),
      fragment_inbox_(r.fragment_inboxes[r.index]) {}

bool Worker::add_queue(QueueRef queue) {
    if (queue_count_ == kMaxQueuesPerWorker) return false;
    queues_[queue_count_++] = queue;
    return true;
}

void Worker::transmit(QueueRef queue) {
    WorkerCounters& c = ctx_.counters;
    const uint16_t n = tx_.size();
    if (n == 0) return;
    const uint16_t sent = rte_eth_tx_burst(queue.port_id, queue.queue_id, tx_.data(), n);
    uint64_t bytes = 0;
    for (uint16_t i = 0; i < sent; ++i) bytes += rte_pktmbuf_pkt_len(tx_.data()[i]);
    c.tx_packets.add(sent);
    c.tx_bytes.add(bytes);
    if (sent < n) {
        c.tx_dropped_full.add(n - sent);
        rte_pktmbuf_free_bulk(tx_.data() + sent, n - sent);
        log::log_hot(ctx_.log, ctx_.log_sites.tx_queue_full, ctx_.now.unix_ns, log::Level::Warn, "worker",
                     "TX queue %u full: %u frames dropped", unsigned(queue.queue_id), unsigned(n - sent));
    }
    tx_.clear();
}

// Runs the receive path over `n` frames; transmitted ones go to the TX
// batch, dropped ones are freed in bulk. Returns n.
unsigned Worker::handle_received(rte_mbuf** frames, unsigned n) {
    rte_mbuf* drop[kMaxBurst];
    unsigned n_drop = 0;
    uint64_t bytes = 0;
    // Two-stage pipeline: frame headers kFrameAhead ahead, then, once those
    // are in cache, the table lines of the frame kStateAhead ahead.
    for (unsigned i = 0; i < std::min(kFrameAhead, n); ++i) rte_prefetch0(rte_pktmbuf_mtod(frames[i], void*));
    for (unsigned i = 0; i < std::min(kStateAhead, n); ++i) prefetch_beacon_state(frames[i], ctx_);
    for (unsigned i = 0; i < n; ++i) {
        if (i + kFrameAhead < n) rte_prefetch0(rte_pktmbuf_mtod(frames[i + kFrameAhead], void*));
        if (i + kStateAhead < n) prefetch_beacon_state(frames[i + kStateAhead], ctx_);
        rte_mbuf* m = frames[i];
        bytes += rte_pktmbuf_pkt_len(m);
        switch (handle_frame(m, ctx_)) {
            case Verdict::Transmit: transmit_frame(m, ctx_); break;
            case Verdict::Drop: drop[n_drop++] = m; break;
            case Verdict::Consumed: break;
        }
    }
    ctx_.counters.rx_packets.add(n);
    ctx_.counters.rx_bytes.add(bytes);
    if (n_drop > 0) rte_pktmbuf_free_bulk(drop, n_drop);
    return n;
}

unsigned Worker::poll_queue(QueueRef queue) {
    rte_mbuf* rx[kMaxBurst];
    const uint16_t n = rte_eth_rx_burst(queue.port_id, queue.queue_id, rx, burst_);
    if (n == 0) return 0;
    handle_received(rx, n);
    transmit(queue);
    return n;
}

// Fragments other workers steered to this one (it owns their datagrams).
unsigned Worker::poll_fragment_inbox() {
    rte_mbuf* frames[kMaxBurst];
    const unsigned n = rte_ring_sc_dequeue_burst(fragment_inbox_, reinterpret_cast<void**>(frames), burst_, nullptr);
    if (n == 0) return 0;
    handle_received(frames, n);
    transmit(queues_[0]);
    return n;
}

// Frames from the control plane: sent as built, or handled as if received
// (WSS inbound). They leave on this worker's first queue.
unsigned Worker::poll_control() {
    rte_mbuf* frames[kMaxBurst];
    const unsigned n = rte_ring_sc_dequeue_burst(from_control_, reinterpret_cast<void**>(frames), burst_, nullptr);
    if (n == 0) return 0;
    for (unsigned i = 0; i < n; ++i) {
        rte_mbuf* m = frames[i];
        if (InjectKind(tag_of(m)) == InjectKind::Receive)
            handle_received(&m, 1);
        else
            transmit_frame(m, ctx_);
    }
    transmit(queues_[0]);
    return n;
}

unsigned Worker::poll_once() {
    ctx_.now_tsc = rte_rdtsc();
    ctx_.now = clock_.now();
    unsigned received = 0;
    for (unsigned q = 0; q < queue_count_; ++q) received += poll_queue(queues_[q]);
    received += poll_fragment_inbox() + poll_control();
    if (received == 0) ctx_.frag.reassembler.expire(ctx_.now_tsc);
    return received;
}

void Worker::idle(unsigned& empty_polls) const {
    if (!backoff_.enabled || ++empty_polls < kEmptyPollsBeforeSleep) {
        rte_pause();
        return;
    }
    // Exponential: 1, 2, 4 … µs up to the configured bound.
    const unsigned shift = std::min(empty_polls - kEmptyPollsBeforeSleep, 20u);
    rte_delay_us_sleep(std::min<uint32_t>(1u << shift, backoff_.max_sleep_us));
}

void Worker::run(const std::atomic<bool>& stop) {
    unsigned empty_polls = 0;
    uint64_t loops = 0;
    while (!stop.load(std::memory_order_relaxed)) {
        ctx_.counters.heartbeat.store(++loops, std::memory_order_relaxed);
        if (poll_once() > 0)
            empty_polls = 0;
        else
            idle(empty_polls);
    }
}

}  // namespace pb::dp
