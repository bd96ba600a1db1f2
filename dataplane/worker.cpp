// dataplane/worker.cpp — burst loop of a worker lcore. No syscalls, locks or
// allocations on the packet path; the idle back-off sleeps only after a run
// of empty polls and never longer than idle_backoff.max_sleep_us.
#include "dataplane/worker.hpp"

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_prefetch.h>

#include <algorithm>

#include "dataplane/frame_dispatch.hpp"

namespace pb::dp {

namespace {
constexpr unsigned kPrefetchAhead = 3;
constexpr unsigned kEmptyPollsBeforeSleep = 256;
}  // namespace

Worker::Worker(const WorkerResources& r, uint16_t burst, config::IdleBackoff backoff)
    : clock_(r.clock),
      ctx_{r.iface, r.beacon, r.counters, tx_, r.pool, r.to_control, {}, 0},
      burst_(std::min(burst, kMaxBurst)),
      backoff_(backoff),
      from_control_(r.from_control) {}

bool Worker::add_queue(QueueRef queue) {
    if (queue_count_ == kMaxQueuesPerWorker) return false;
    queues_[queue_count_++] = queue;
    return true;
}

// Applies a handler's verdict; false when the caller must free the frame.
bool Worker::settle(Verdict verdict, rte_mbuf* m) {
    switch (verdict) {
        case Verdict::Consumed: return true;
        case Verdict::Transmit:
            if (tx_.push(m)) return true;
            ctx_.counters.tx_dropped_full.add();
            return false;
        case Verdict::Drop: break;
    }
    return false;
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
    }
    tx_.clear();
}

unsigned Worker::poll_queue(QueueRef queue) {
    rte_mbuf* rx[kMaxBurst];
    rte_mbuf* drop[kMaxBurst];
    const uint16_t n = rte_eth_rx_burst(queue.port_id, queue.queue_id, rx, burst_);
    if (n == 0) return 0;

    ctx_.now = clock_.now();
    uint16_t n_drop = 0;
    uint64_t rx_bytes = 0;
    for (unsigned i = 0; i < std::min<unsigned>(kPrefetchAhead, n); ++i) rte_prefetch0(rte_pktmbuf_mtod(rx[i], void*));
    for (uint16_t i = 0; i < n; ++i) {
        if (i + kPrefetchAhead < n) rte_prefetch0(rte_pktmbuf_mtod(rx[i + kPrefetchAhead], void*));
        rte_mbuf* m = rx[i];
        rx_bytes += rte_pktmbuf_pkt_len(m);
        if (!settle(handle_frame(m, ctx_), m)) drop[n_drop++] = m;
    }
    ctx_.counters.rx_packets.add(n);
    ctx_.counters.rx_bytes.add(rx_bytes);
    transmit(queue);
    if (n_drop > 0) rte_pktmbuf_free_bulk(drop, n_drop);
    return n;
}

// Frames from the control plane: sent as built, or handled as if received
// (WSS inbound). They leave on this worker's first queue.
unsigned Worker::poll_control() {
    rte_mbuf* frames[kMaxBurst];
    const unsigned n = rte_ring_sc_dequeue_burst(from_control_, reinterpret_cast<void**>(frames), burst_, nullptr);
    if (n == 0) return 0;
    ctx_.now = clock_.now();
    for (unsigned i = 0; i < n; ++i) {
        rte_mbuf* m = frames[i];
        const Verdict v = InjectKind(tag_of(m)) == InjectKind::Receive ? handle_frame(m, ctx_) : Verdict::Transmit;
        if (!settle(v, m)) rte_pktmbuf_free(m);
    }
    transmit(queues_[0]);
    return n;
}

unsigned Worker::poll_once() {
    unsigned received = 0;
    for (unsigned q = 0; q < queue_count_; ++q) received += poll_queue(queues_[q]);
    return received + poll_control();
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
    while (!stop.load(std::memory_order_relaxed)) {
        if (poll_once() > 0)
            empty_polls = 0;
        else
            idle(empty_polls);
    }
}

}  // namespace pb::dp
