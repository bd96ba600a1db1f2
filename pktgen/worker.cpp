// pktgen/worker.cpp — the worker's poll loop: receive a burst and account
// for it, then transmit what the phase asks for (neighbour requests,
// registration Discovers, keepalives, the scenario's paced or closed-loop
// mix), retrying what the TX ring did not take before building more.
#include "pktgen/worker.hpp"

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_pause.h>

#include <array>

#include "pktgen/frame.hpp"
#include "pktgen/neighbour.hpp"
#include "pktgen/pacer.hpp"

namespace pb::pktgen {

namespace {

constexpr unsigned kMaxBurst = 512;
constexpr std::size_t kTxCapacity = 8192;
constexpr uint64_t kResolveRetryMs = 200;
constexpr double kCatchUpSeconds = 0.005;

// What a frame in the TX queue counts as once the port takes it.
enum class Tag : uint8_t { Fragment, Relay, NotFound, Discover, Punch, Hostile, Keepalive, Register, Neighbour };

Tag tag_of(Kind k) {
    switch (k) {
        case Kind::Relay: return Tag::Relay;
        case Kind::NotFound: return Tag::NotFound;
        case Kind::Discover: return Tag::Discover;
        case Kind::Punch: return Tag::Punch;
        case Kind::Hostile: return Tag::Hostile;
    }
    return Tag::Fragment;
}

// Frames waiting for the port, in order; accounted when the port takes them.
class TxQueue {
public:
    TxQueue(Worker& w) : w_(w) {}
    std::size_t room() const { return kTxCapacity - tail_; }
    bool empty() const { return head_ == tail_; }
    void push(rte_mbuf* m, Tag tag, HostileVariant variant = {}) {
        frames_[tail_] = m;
        variants_[tail_] = variant;
        tags_[tail_++] = tag;
    }

    void flush() {
        if (empty()) return;
        const uint16_t want = uint16_t(std::min<std::size_t>(tail_ - head_, kMaxBurst));
        const uint16_t sent = rte_eth_tx_burst(w_.shared.port_id, w_.queue, &frames_[head_], want);
        for (uint16_t i = 0; i < sent; ++i) account(head_ + i);
        if (sent < want) w_.counters.tx_retries.add(want - sent);
        head_ += sent;
        if (head_ == tail_) head_ = tail_ = 0;
        else if (head_ > kTxCapacity / 2) compact();
    }

    // At the end of a phase: what the port never took is dropped, uncounted.
    void discard() {
        for (std::size_t i = head_; i < tail_; ++i) rte_pktmbuf_free(frames_[i]);
        head_ = tail_ = 0;
    }

private:
    void compact() {
        std::copy(&frames_[head_], &frames_[tail_], frames_.begin());
        std::copy(&tags_[head_], &tags_[tail_], tags_.begin());
        std::copy(&variants_[head_], &variants_[tail_], variants_.begin());
        tail_ -= head_;
        head_ = 0;
    }

    void account(std::size_t i) {
        WorkerCounters& c = w_.counters;
        c.tx_frames.add();
        c.tx_bytes.add(frames_[i]->pkt_len);
        switch (tags_[i]) {
            case Tag::Fragment: break;
            case Tag::Relay: c.sent_relay.add(); break;
            case Tag::NotFound: c.sent_not_found.add(); break;
            case Tag::Discover: c.sent_discover.add(); break;
            case Tag::Punch: c.sent_punch.add(); break;
            case Tag::Hostile:
                c.sent_hostile.add();
                c.sent_hostile_variant[std::size_t(variants_[i])].add();
                break;
            case Tag::Keepalive: c.sent_keepalive.add(); break;
            case Tag::Register: c.sent_register.add(); break;
            case Tag::Neighbour: c.sent_neighbour.add(); break;
        }
    }

    Worker& w_;
    std::array<rte_mbuf*, kTxCapacity> frames_{};
    std::array<Tag, kTxCapacity> tags_{};
    std::array<HostileVariant, kTxCapacity> variants_{};  // of the Hostile frames
    std::size_t head_ = 0, tail_ = 0;
};

class Loop {
public:
    explicit Loop(Worker& w)
        : w_(w),
          s_(w.shared),
          phase_(s_.phase),
          burst_(std::min<unsigned>(s_.scenario.load.burst, kMaxBurst)),
          tx_(w),
          jumbo_(s_.jumbo_pool != nullptr),
          fragments_per_relay_(jumbo_ ? fragments_per_frame(w.generator.max_frame(), s_.scenario.eal.port.mtu) : 1) {}

    void run() {
        if (const auto mac = s_.beacon_mac_known()) w_.generator.set_beacon_mac(*mac);
        w_.generator.set_epoch(phase_.epoch);
        w_.receiver.set_epoch(phase_.epoch);
        start_phase(rte_rdtsc());
        while (!s_.stop.load(std::memory_order_relaxed)) {
            const uint64_t now = rte_rdtsc();
            if (phase_.end_tsc != 0 && now >= phase_.end_tsc) break;
            receive(now);
            tx_.flush();
            if (tx_.empty()) transmit(now);
            tx_.flush();
        }
        tx_.discard();
        w_.counters.pacer_behind.add(traffic_.skipped());
    }

private:
    void start_phase(uint64_t now) {
        const uint64_t hz = s_.tsc_hz;
        const double rate = double(phase_.rate_pps) / s_.workers;
        // A worker descheduled for up to 5 ms catches up afterwards; longer stalls are skipped (counted).
        traffic_.start(now, rate, hz, std::max<uint64_t>(burst_, uint64_t(rate * kCatchUpSeconds)));
        const auto& own = w_.generator.own_daemons();
        const uint32_t keepalive_s = s_.scenario.daemons.keepalive_s;
        keepalive_.start(now, keepalive_s ? double(own.size()) / keepalive_s : 0, hz, burst_);
        const double register_rate = double(s_.scenario.daemons.register_rate_pps) / s_.workers;
        registration_.start(now, register_rate, hz, burst_);
        credit_base_ = s_.credits[w_.index].delivered.load(std::memory_order_relaxed);
        last_progress_tsc_ = now;
    }

    void receive(uint64_t now) {
        std::array<rte_mbuf*, kMaxBurst> rx;
        const uint16_t n = rte_eth_rx_burst(s_.port_id, w_.queue, rx.data(), uint16_t(burst_));
        for (uint16_t i = 0; i < n; ++i) {
            if (i + 2 < n) rte_prefetch0(rte_pktmbuf_mtod(rx[i + 2], void*));
            if (rte_mbuf* answer = w_.receiver.handle(rx[i], now)) tx_.push(answer, Tag::Fragment);
        }
    }

    void transmit(uint64_t now) {
        switch (phase_.kind) {
            case PhaseKind::Resolve: return resolve(now);
            case PhaseKind::Register: return register_daemons(now);
            case PhaseKind::Traffic: keepalives(now); return traffic(now);
            case PhaseKind::Drain: return;
        }
    }

    // A fresh mbuf and the room to write a frame into; nullptr when the pool is dry.
    rte_mbuf* alloc(rte_mempool* pool) {
        rte_mbuf* m = rte_pktmbuf_alloc(pool);
        if (!m) w_.counters.tx_alloc_failed.add();
        return m;
    }
    static std::span<uint8_t> room(rte_mbuf* m) {
        return {rte_pktmbuf_mtod(m, uint8_t*), rte_pktmbuf_tailroom(m)};
    }

    void note_request(uint32_t daemon, uint64_t now) {
        std::atomic<uint64_t>& pending = s_.pending_tsc[daemon];
        const uint64_t old = pending.load(std::memory_order_relaxed);
        if (old == 0 || now - old > s_.tsc_hz) pending.store(now, std::memory_order_relaxed);
    }

    void resolve(uint64_t now) {
        if (w_.index != 0 || now < next_resolve_tsc_ || s_.beacon_mac_known()) return;
        next_resolve_tsc_ = now + s_.tsc_hz * kResolveRetryMs / 1000;
        rte_mbuf* m = alloc(s_.pool);
        if (!m) return;
        const std::size_t n = write_neighbour_request(room(m), s_.our_mac, s_.daemons.address(0),
                                                      s_.scenario.beacon.address);
        rte_pktmbuf_append(m, uint16_t(n));
        tx_.push(m, Tag::Neighbour);
    }

    void discover(uint32_t daemon, Tag tag, uint64_t now) {
        rte_mbuf* m = alloc(s_.pool);
        if (!m) return;
        rte_pktmbuf_append(m, uint16_t(w_.generator.discover(room(m), daemon)));
        note_request(daemon, now);
        tx_.push(m, tag);
    }

    // Sweeps of Discovers for the daemons not registered yet, paced; a new
    // sweep at most once a second (the beacon's reply budget is per second).
    void register_daemons(uint64_t now) {
        const auto& own = w_.generator.own_daemons();
        if (sweep_at_ == own.size()) {
            if (now < sweep_start_tsc_ + s_.tsc_hz) return;
            sweep_at_ = 0;
        }
        if (sweep_at_ == 0) sweep_start_tsc_ = now;
        uint64_t budget = registration_.due(now, burst_);
        while (budget > 0 && sweep_at_ < own.size()) {
            const uint32_t d = own[sweep_at_++];
            if (s_.registered[d].load(std::memory_order_relaxed)) continue;
            discover(d, Tag::Register, now);
            registration_.sent(1);
            --budget;
        }
    }

    void keepalives(uint64_t now) {
        const auto& own = w_.generator.own_daemons();
        if (own.empty()) return;
        for (uint64_t n = keepalive_.due(now, burst_); n > 0; --n) {
            discover(own[keepalive_at_], Tag::Keepalive, now);
            keepalive_at_ = (keepalive_at_ + 1) % own.size();
            keepalive_.sent(1);
        }
    }

    // Closed loop: relays still allowed in flight (other kinds are not windowed).
    uint64_t window_left(uint64_t now) {
        const uint64_t delivered = s_.credits[w_.index].delivered.load(std::memory_order_relaxed) - credit_base_;
        if (delivered != last_delivered_) {
            last_delivered_ = delivered;
            last_progress_tsc_ = now;
        }
        const uint64_t in_flight = generated_ - written_off_ - std::min(delivered, generated_ - written_off_);
        const uint64_t window = s_.scenario.load.window;
        if (in_flight >= window && now - last_progress_tsc_ > s_.tsc_hz * s_.scenario.load.window_timeout_ms / 1000) {
            written_off_ += in_flight;  // lost: stop waiting for them
            last_progress_tsc_ = now;
            w_.counters.window_timeouts.add();
            return window;
        }
        return in_flight >= window ? 0 : window - in_flight;
    }

    void traffic(uint64_t now) {
        uint64_t n = traffic_.due(now, burst_);
        if (s_.scenario.load.mode == LoopMode::Closed) n = std::min(n, window_left(now));
        n = std::min<uint64_t>(n, tx_.room() / (fragments_per_relay_ + 1));
        for (uint64_t i = 0; i < n; ++i) {
            if (!build_one(now)) break;
            traffic_.sent(1);
        }
    }

    bool build_one(uint64_t now) {
        rte_mbuf* m = alloc(jumbo_ ? s_.jumbo_pool : s_.pool);
        if (!m) return false;
        const BuiltPacket built = w_.generator.next(room(m), rte_rdtsc());
        if (built.length == 0) {
            rte_pktmbuf_free(m);
            return true;  // nothing of this kind here: the slot passes
        }
        if (built.kind == Kind::Relay) ++generated_;  // the closed-loop window counts relays only
        rte_pktmbuf_append(m, uint16_t(built.length));
        if (built.kind == Kind::Discover || built.kind == Kind::Punch) note_request(built.sender, now);
        if (!jumbo_ || built.length <= std::size_t(s_.scenario.eal.port.mtu) + kEthernetHeader) {
            tx_.push(m, tag_of(built.kind), built.variant);
            return true;
        }
        std::array<rte_mbuf*, dp::frag::kMaxEgressFragments> pieces;
        const int k = w_.fragmenter->split(m, s_.scenario.ipv6(), pieces.data(), uint16_t(pieces.size()));
        if (k <= 0) {
            w_.counters.tx_fragment_failed.add();
            return false;
        }
        for (int i = 0; i < k; ++i)
            tx_.push(pieces[std::size_t(i)], i == 0 ? tag_of(built.kind) : Tag::Fragment, built.variant);
        return true;
    }

    Worker& w_;
    SharedState& s_;
    const Phase phase_;
    unsigned burst_;
    TxQueue tx_;
    bool jumbo_;
    unsigned fragments_per_relay_;
    Pacer traffic_, keepalive_, registration_;
    uint64_t next_resolve_tsc_ = 0;
    std::size_t sweep_at_ = 0, keepalive_at_ = 0;
    uint64_t sweep_start_tsc_ = 0;
    uint64_t generated_ = 0, written_off_ = 0, credit_base_ = 0, last_delivered_ = 0, last_progress_tsc_ = 0;
};

}  // namespace

Worker::Worker(SharedState& s, const GeneratorSetup& setup, unsigned i)
    : shared(s),
      index(i),
      queue(uint16_t(i)),
      generator(setup, i, s.workers),
      tracker(s.daemons.size()),
      receiver(s, counters, tracker, relay_latency, reply_latency) {
    if (s.jumbo_pool)
        fragmenter = std::make_unique<EgressFragmenter>(s.pool, s.indirect_pool, s.scenario.eal.port.mtu,
                                                        s.tx_multi_segs, i, s.workers);
}

void Worker::reset_results() {
    counters.reset();
    tracker.reset();
    relay_latency.reset();
    reply_latency.reset();
}

int run_worker(void* arg) {
    Loop(*static_cast<Worker*>(arg)).run();
    return 0;
}

}  // namespace pb::pktgen
