// tests/bench/bench_pipeline.cpp — the packet path on one core, in process.
//
// A net_ring port with separate RX and TX rings; ONE pb::dp::Worker polls its
// queue on a worker lcore, and the main lcore is the traffic source and sink:
// it keeps every mbuf of the pool (16 k by default) in flight, enqueueing
// fresh frames on the RX ring and rebuilding each frame the worker transmits
// (or drops back into the pool) into a new one. The node table holds the
// whole population (10 M nodes, beacon.max_nodes = 10 M) before anything is
// measured; traffic draws from an active set of 1 M of them, so lookups miss
// the caches as they would in production.
//
// Per scenario: packets per second through the worker, the worker's busy
// cycles per packet (rte_rdtsc around every poll that returned frames), and
// a check of the worker's outcome counters against what was sent (and of
// every answer that came back) — a figure is printed with its verdict.
// The ceiling is a MAC-swap forwarder (testpmd's macswap) on the same lcore,
// port and frames; relay throughput is reported as a ratio of it.
//
//   bench_pipeline [--duration 3] [--nodes 10000000] [--active 1000000] [--json] …  (--help)
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_prefetch.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "common/config/config.hpp"
#include "dataplane/beacon/beacon_state.hpp"
#include "dataplane/clock.hpp"
#include "dataplane/eal.hpp"
#include "dataplane/local_interface.hpp"
#include "dataplane/worker.hpp"
#include "dataplane/worker_set.hpp"
#include "tests/bench/bench_support.hpp"
#include "tests/bench/pipeline_port.hpp"
#include "tests/bench/pipeline_traffic.hpp"

namespace pb::bench {
namespace {

constexpr uint32_t kBeaconIpv4 = 0xcb007101;  // 203.0.113.1
constexpr uint16_t kBeaconPort = 9001;
constexpr unsigned kFeedBurst = 64;
constexpr double kDrainTimeoutS = 5.0;
constexpr double kTargetMpps = 10.0;
constexpr double kTargetCeilingShare = 0.5;

struct Options {
    uint32_t nodes{10'000'000};
    uint32_t active{1'000'000};
    uint32_t relay_sources{65536};
    double duration_s{3.0};
    double warmup_s{0.5};
    uint32_t mbufs{16383};
    uint16_t burst{32};
    uint32_t memory_mb{256};
    std::string lcores{"0@0,1@1"};
    uint32_t relay_budget{config::BeaconLimits{}.relay_per_source_per_s};
    uint32_t reply_budget{config::BeaconLimits{}.reply_per_source_per_s};
    std::string scenarios{"all"};
    uint64_t seed{1};
    bool json{false};
    bool allow_limited{false};
};

constexpr const char* kUsage =
    "usage: bench_pipeline [options]\n"
    "  --duration S        measured seconds per scenario (3)\n"
    "  --warmup S          unmeasured seconds before each measurement (0.5)\n"
    "  --nodes N           nodes registered = beacon.max_nodes (10000000)\n"
    "  --active N          nodes the traffic draws from (1000000)\n"
    "  --sources N         distinct ip:port sources of relays (65536)\n"
    "  --mbufs N           mbufs in the pool, all in flight (16383)\n"
    "  --burst N           rx/tx burst of the worker and of macswap (32)\n"
    "  --memory-mb N       EAL -m (256)\n"
    "  --lcores LIST       EAL --lcores, main then worker (0@0,1@1)\n"
    "  --relay-budget N    beacon.limits.relay_per_source_per_s (4000)\n"
    "  --reply-budget N    beacon.limits.reply_per_source_per_s (50)\n"
    "  --scenarios LIST    comma-separated names, or all\n"
    "  --seed N            traffic seed (1)\n"
    "  --allow-limited     frames refused by a rate limit are counted, not a failure\n"
    "  --json              print one JSON document instead of the tables\n";

// ---- scenarios ----------------------------------------------------------------

enum class Engine { Beacon, MacSwap };

struct Scenario {
    std::string name;
    Engine engine;
    Mix mix;
};

std::vector<Scenario> all_scenarios() {
    using K = FrameKind;
    return {
        {"macswap-64", Engine::MacSwap, {{{K::RelayHit64, 1}}}},
        {"macswap-1024", Engine::MacSwap, {{{K::RelayHit1024, 1}}}},
        {"discover", Engine::Beacon, {{{K::Discover, 1}}}},
        {"relay-hit-64", Engine::Beacon, {{{K::RelayHit64, 1}}}},
        {"relay-hit-1024", Engine::Beacon, {{{K::RelayHit1024, 1}}}},
        {"relay-not-found", Engine::Beacon, {{{K::RelayNotFound, 1}}}},
        {"malformed", Engine::Beacon, {{{K::RelayTruncated, 1}, {K::UnknownType, 1}, {K::BadChecksum, 1}}}},
        {"mixed", Engine::Beacon,
         {{{K::RelayHit64, 50},
           {K::RelayHit1024, 20},
           {K::Discover, 20},
           {K::RelayNotFound, 5},
           {K::RelayTruncated, 2},
           {K::UnknownType, 2},
           {K::BadChecksum, 1}}}},
    };
}

std::vector<Scenario> select_scenarios(const std::string& list) {
    std::vector<Scenario> all = all_scenarios();
    if (list == "all") return all;
    std::vector<Scenario> chosen;
    std::istringstream names(list);
    for (std::string name; std::getline(names, name, ',');) {
        bool found = false;
        for (const Scenario& s : all)
            if (s.name == name) {
                chosen.push_back(s);
                found = true;
            }
        if (!found) throw std::invalid_argument("unknown scenario '" + name + "'");
    }
    return chosen;
}

std::string describe(const Mix& mix) {
    if (mix.weights.size() == 1) return spec_of(mix.weights[0].first).name;
    std::string out;
    for (const auto& [kind, weight] : mix.weights)
        out += (out.empty() ? "" : " ") + std::string(spec_of(kind).name) + ":" + std::to_string(weight);
    return out;
}

// ---- the worker lcore -----------------------------------------------------------

// Packets by the cost of the poll that received them, in cycles per packet:
// the median is the worker's cost with the polls during which its thread
// was preempted (or just resumed, caches cold) left out, which the mean is not.
class CostHistogram {
public:
    static constexpr unsigned kResolution = 4;  // cycles per bucket
    static constexpr unsigned kBuckets = 8192;  // up to 32 k cycles per packet

    void add(uint64_t cycles, unsigned packets) {
        packets_[std::min<uint64_t>(cycles / packets / kResolution, kBuckets - 1)] += packets;
    }
    // The cost below which `share` of the packets were handled.
    double percentile(double share) const {
        uint64_t total = 0;
        for (uint64_t n : packets_) total += n;
        uint64_t seen = 0;
        for (unsigned b = 0; b < kBuckets; ++b)
            if ((seen += packets_[b]) > 0 && double(seen) >= share * double(total))
                return (b + 0.5) * kResolution;
        return 0;
    }

private:
    std::array<uint64_t, kBuckets> packets_{};
};

struct Lane {
    Engine engine = Engine::Beacon;
    dp::Worker* worker = nullptr;
    uint16_t port_id = 0;
    uint16_t burst = 32;
    std::atomic<bool> stop{false};
    std::atomic<bool> running{false};  // cpu_clock is valid
    clockid_t cpu_clock{};             // the worker thread's CPU-time clock
    alignas(64) std::atomic<uint64_t> packets{0};  // frames received, published per busy poll
    std::atomic<uint64_t> busy_cycles{0};          // TSC cycles of the polls that received frames
    std::atomic<bool> recording{false};            // the measured window: polls go into `costs`
    CostHistogram costs;                           // read once the lane has stopped
};


// testpmd's macswap: receive a burst, swap the MAC addresses, send it back.
unsigned macswap_burst(uint16_t port_id, uint16_t burst) {
    constexpr unsigned kPrefetchAhead = 3;  // as the worker does
    rte_mbuf* frames[dp::kMaxBurst];
    const uint16_t n = rte_eth_rx_burst(port_id, 0, frames, burst);
    if (n == 0) return 0;
    for (unsigned i = 0; i < std::min<unsigned>(kPrefetchAhead, n); ++i) rte_prefetch0(rte_pktmbuf_mtod(frames[i], void*));
    for (uint16_t i = 0; i < n; ++i) {
        if (i + kPrefetchAhead < n) rte_prefetch0(rte_pktmbuf_mtod(frames[i + kPrefetchAhead], void*));
        auto* eth = rte_pktmbuf_mtod(frames[i], rte_ether_hdr*);
        const rte_ether_addr peer = eth->src_addr;
        eth->src_addr = eth->dst_addr;
        eth->dst_addr = peer;
    }
    const uint16_t sent = rte_eth_tx_burst(port_id, 0, frames, n);
    if (sent < n) rte_pktmbuf_free_bulk(frames + sent, n - sent);
    return n;
}

template <class Poll>
void measured_loop(Lane& lane, Poll poll) {
    uint64_t packets = 0, busy = 0;
    while (!lane.stop.load(std::memory_order_relaxed)) {
        const uint64_t start = rte_rdtsc();
        const unsigned n = poll();
        if (n == 0) {
            rte_pause();  // what Worker::run does when idle with the back-off off
            continue;
        }
        const uint64_t cycles = rte_rdtsc() - start;
        if (lane.recording.load(std::memory_order_relaxed)) lane.costs.add(cycles, n);
        busy += cycles;
        packets += n;
        lane.busy_cycles.store(busy, std::memory_order_relaxed);
        lane.packets.store(packets, std::memory_order_relaxed);
    }
}

int lane_main(void* arg) {
    Lane& lane = *static_cast<Lane*>(arg);
    if (pthread_getcpuclockid(pthread_self(), &lane.cpu_clock) != 0) lane.cpu_clock = CLOCK_THREAD_CPUTIME_ID;
    lane.running.store(true);
    if (lane.engine == Engine::Beacon)
        measured_loop(lane, [&lane] { return lane.worker->poll_once(); });
    else
        measured_loop(lane, [&lane] { return macswap_burst(lane.port_id, lane.burst); });
    return 0;
}

// ---- the main lcore: traffic source and sink --------------------------------------

// Keeps every mbuf it can get in flight: transmitted frames come back on the
// TX ring, dropped ones through the pool; each is rebuilt into a fresh frame
// (or, for macswap, sent back as it is) and enqueued on the RX ring.
class Feeder {
public:
    Feeder(RingPipePort& port, TrafficSource& traffic, const Mix& mix, bool rebuild)
        : port_(port), traffic_(traffic), mix_(mix), rebuild_(rebuild) {}

    void prime() {
        while (top_up() > 0) {
        }
    }

    void step() {
        rte_mbuf* frames[kFeedBurst];
        const unsigned n = take_returned(frames);
        if (rebuild_)
            for (unsigned i = 0; i < n; ++i) traffic_.build(frames[i], mix_);
        enqueue(frames, n);
        top_up();
    }

    // After the last step: takes back what the worker transmitted, frees it.
    void drain() {
        rte_mbuf* frames[kFeedBurst];
        for (unsigned n; (n = take_returned(frames)) > 0;) rte_pktmbuf_free_bulk(frames, n);
    }

    uint64_t sent() const { return sent_; }
    uint64_t answers() const { return answers_; }
    uint64_t wrong_answers() const { return wrong_answers_; }

private:
    unsigned take_returned(rte_mbuf** frames) {
        const unsigned n =
            rte_ring_sc_dequeue_burst(port_.tx_ring(), reinterpret_cast<void**>(frames), kFeedBurst, nullptr);
        answers_ += n;
        if (rebuild_)
            for (unsigned i = 0; i < n; ++i) wrong_answers_ += !TrafficSource::is_expected_answer(frames[i]);
        return n;
    }

    unsigned top_up() {
        rte_mbuf* frames[kFeedBurst];
        if (rte_pktmbuf_alloc_bulk(port_.pool(), frames, kFeedBurst) != 0) return 0;
        for (rte_mbuf* m : frames) traffic_.build(m, mix_);
        enqueue(frames, kFeedBurst);
        return kFeedBurst;
    }

    void enqueue(rte_mbuf** frames, unsigned n) {
        // The RX ring holds the whole pool: this cannot fall short.
        if (rte_ring_sp_enqueue_burst(port_.rx_ring(), reinterpret_cast<void**>(frames), n, nullptr) != n)
            throw std::logic_error("RX ring full");
        sent_ += n;
    }

    RingPipePort& port_;
    TrafficSource& traffic_;
    const Mix& mix_;
    bool rebuild_;
    uint64_t sent_ = 0;
    uint64_t answers_ = 0;
    uint64_t wrong_answers_ = 0;
};

// ---- one scenario -------------------------------------------------------------------

struct Result {
    std::string name;
    std::string traffic;
    Engine engine = Engine::Beacon;
    double frame_bytes = 0;
    uint64_t sent = 0;
    uint64_t packets = 0;  // in the measured window
    double seconds = 0;
    double mpps = 0;
    double cycles_per_packet = 0;
    double busy = 0;       // share of the window the worker spent in polls that received frames
    double cpu_share = 0;  // share of the window the worker thread was on its CPU
    double median_cycles = 0;  // median cost per packet of the polls in the window
    uint64_t rate_limited = 0;  // frames a rate limit refused (a failure unless --allow-limited)
    std::vector<std::string> failures;

    // What one core of its own would sustain, fed fast enough.
    double capacity_mpps(double hz) const { return median_cycles > 0 ? hz / median_cycles / 1e6 : 0; }
};

struct CounterRef {
    const char* name;
    CounterField field;
};
const CounterRef kCounterList[] = {
#define PB_BENCH_COUNTER(field, family, label_key, label_value) {#field, &dp::WorkerCounters::field},
    PB_WORKER_COUNTERS(PB_BENCH_COUNTER)
#undef PB_BENCH_COUNTER
};

// Every worker counter against what the frames sent must have moved. Frames
// a rate limit refused (a Discover over the reply budget, a relay over the
// relay budget) took another counted path: the expectation follows them, and
// their number is returned for the caller to judge.
uint64_t check_counters(const dp::WorkerCounters& counters, const TrafficSource& traffic, uint64_t answers,
                        std::vector<std::string>& failures) {
    using W = dp::WorkerCounters;
    const uint64_t reply_limited = counters.discover_reply_budget.read();
    const uint64_t relay_limited = counters.relay_over_budget.read();
    const std::pair<CounterField, int64_t> diverted[] = {
        {&W::discover_reply_budget, int64_t(reply_limited)}, {&W::discover_replied, -int64_t(reply_limited)},
        {&W::relay_over_budget, int64_t(relay_limited)},     {&W::relay_forwarded_local, -int64_t(relay_limited)},
        {&W::tx_packets, -int64_t(reply_limited + relay_limited)}};
    uint64_t answered = 0;
    for (size_t k = 0; k < kFrameKinds; ++k)
        if (spec_of(FrameKind(k)).answered) answered += traffic.built()[k];
    for (const CounterRef& c : kCounterList) {
        const std::string name = c.name;
        if (name == "rx_bytes" || name == "tx_bytes") continue;
        uint64_t expected = 0;
        if (name == "rx_packets") expected = traffic.built_total();
        if (name == "tx_packets") expected = answered;
        for (size_t k = 0; k < kFrameKinds; ++k)
            for (CounterField f : spec_of(FrameKind(k)).counters)
                if (f == c.field) expected += traffic.built()[k];
        for (const auto& [field, delta] : diverted)
            if (field == c.field) expected += uint64_t(delta);
        const uint64_t got = (counters.*c.field).read();
        if (got != expected)
            failures.push_back(name + " = " + std::to_string(got) + ", expected " + std::to_string(expected));
    }
    answered -= reply_limited + relay_limited;
    if (answers != answered)
        failures.push_back(std::to_string(answers) + " frames came back, expected " + std::to_string(answered));
    return reply_limited + relay_limited;
}

class Bench {
public:
    Bench(const Options& o, unsigned worker_lcore)
        : o_(o),
          worker_lcore_(worker_lcore),
          hz_(double(rte_get_tsc_hz())),
          port_(o.mbufs),
          cfg_(make_config(o)),
          iface_(make_interface(cfg_, port_)),
          clock_(dp::Clock::from_tsc()),
          population_(o.nodes, o.active) {
        uint64_t start = monotonic_ns();
        beacon_ = std::make_unique<dp::BeaconState>(cfg_);
        std::fprintf(stderr, "bench_pipeline: beacon state for max_nodes %u allocated in %.1f s\n", o.nodes,
                     seconds_since(start));
        start = monotonic_ns();
        const uint64_t failed = population_.fill(beacon_->nodes, clock_.now().s);
        std::fprintf(stderr, "bench_pipeline: %u nodes registered in %.1f s (%lu refused)\n", o.nodes,
                     seconds_since(start), static_cast<unsigned long>(failed));
        if (failed != 0 || beacon_->nodes.size() != o.nodes) throw std::runtime_error("the node table did not fill");
        TrafficSetup setup;
        setup.beacon_mac = port_.mac();
        setup.beacon_ipv4 = kBeaconIpv4;
        setup.beacon_port = kBeaconPort;
        setup.relay_sources = o.relay_sources;
        setup.seed = o.seed;
        traffic_.emplace(population_, setup);
        lay_pattern();
    }

    double hz() const { return hz_; }
    const RingPipePort& port() const { return port_; }

    Result run(const Scenario& scenario) {
        Result r;
        r.name = scenario.name;
        r.traffic = describe(scenario.mix);
        r.engine = scenario.engine;
        // One worker on the port's one queue pair, assembled as the appliance
        // assembles its workers; fresh (counters at zero) for every scenario.
        dp::WorkerSet workers(cfg_, dp::WorkerSet::Wiring{iface_, *beacon_, clock_, port_.pool(), port_.port_id(), 1,
                                                          1, "pb_bench"});
        traffic_->reset_counts();
        Feeder feeder(port_, *traffic_, scenario.mix, scenario.engine == Engine::Beacon);
        feeder.prime();

        Lane lane;
        lane.engine = scenario.engine;
        lane.worker = &workers.worker(0);
        lane.port_id = port_.port_id();
        lane.burst = o_.burst;
        if (rte_eal_remote_launch(lane_main, &lane, worker_lcore_) != 0)
            throw std::runtime_error("worker lcore " + std::to_string(worker_lcore_) + " is busy");

        while (!lane.running.load()) rte_pause();
        const uint64_t start = rte_rdtsc();
        const uint64_t window_start = start + uint64_t(o_.warmup_s * hz_);
        const uint64_t window_end = window_start + uint64_t(o_.duration_s * hz_);
        uint64_t packets0 = 0, busy0 = 0, t0 = 0, cpu0 = 0;
        for (bool in_window = false;;) {
            feeder.step();
            const uint64_t now = rte_rdtsc();
            if (!in_window && now >= window_start) {
                in_window = true;
                t0 = now;
                cpu0 = cpu_time_ns(lane.cpu_clock);
                packets0 = lane.packets.load(std::memory_order_relaxed);
                busy0 = lane.busy_cycles.load(std::memory_order_relaxed);
                lane.recording.store(true, std::memory_order_relaxed);
            }
            if (now >= window_end) {
                const double window = double(now - t0);
                r.seconds = window / hz_;
                r.cpu_share = double(cpu_time_ns(lane.cpu_clock) - cpu0) / 1e9 / r.seconds;
                r.packets = lane.packets.load(std::memory_order_relaxed) - packets0;
                const double busy = double(lane.busy_cycles.load(std::memory_order_relaxed) - busy0);
                r.busy = busy / window;
                r.cycles_per_packet = r.packets ? busy / double(r.packets) : 0;
                lane.recording.store(false, std::memory_order_relaxed);
                break;
            }
        }
        r.mpps = double(r.packets) / r.seconds / 1e6;

        // Everything sent is received before the worker stops.
        r.sent = feeder.sent();
        const uint64_t deadline = rte_rdtsc() + uint64_t(kDrainTimeoutS * hz_);
        while (lane.packets.load(std::memory_order_relaxed) < r.sent && rte_rdtsc() < deadline) feeder.drain();
        lane.stop.store(true);
        rte_eal_wait_lcore(worker_lcore_);
        feeder.drain();
        r.median_cycles = lane.costs.percentile(0.5);

        for (size_t k = 0; k < kFrameKinds; ++k)
            r.frame_bytes += double(traffic_->built()[k]) * traffic_->frame_length(FrameKind(k));
        r.frame_bytes /= double(traffic_->built_total());
        verify(r, lane, workers, feeder);
        return r;
    }

private:
    static config::Config make_config(const Options& o) {
        config::Config cfg;
        cfg.beacon.port = kBeaconPort;
        cfg.beacon.max_nodes = o.nodes;
        cfg.beacon.limits.relay_per_source_per_s = o.relay_budget;
        cfg.beacon.limits.reply_per_source_per_s = o.reply_budget;
        cfg.port.ipv4.address = net::IpPrefix{net::IpAddress::v4(kBeaconIpv4), 24};
        cfg.dataplane.burst = o.burst;
        return cfg;
    }

    static dp::LocalInterface make_interface(const config::Config& cfg, const RingPipePort& port) {
        dp::LocalInterface iface = dp::local_interface_from_config(cfg);
        iface.port_id = port.port_id();
        iface.mac = port.mac();
        iface.ipv6_link_local = dp::link_local_from_mac(port.mac());
        return iface;  // net_ring offers no checksum offloads: the beacon computes and verifies in software
    }

    // The payload pattern goes into every mbuf once (see pipeline_traffic.hpp).
    void lay_pattern() {
        std::vector<rte_mbuf*> all;
        for (rte_mbuf* m; (m = rte_pktmbuf_alloc(port_.pool())) != nullptr;) all.push_back(m);
        for (rte_mbuf* m : all) traffic_->lay_pattern(m);
        for (rte_mbuf* m : all) rte_pktmbuf_free(m);
    }

    void verify(Result& r, const Lane& lane, dp::WorkerSet& workers, const Feeder& feeder) {
        const dp::WorkerCounters& counters = workers.counters(0);
        const uint64_t received = lane.packets.load();
        if (received != r.sent)
            r.failures.push_back("worker received " + std::to_string(received) + " of " + std::to_string(r.sent));
        if (r.engine == Engine::Beacon) {
            r.rate_limited = check_counters(counters, *traffic_, feeder.answers(), r.failures);
            if (r.rate_limited > 0 && !o_.allow_limited)
                r.failures.push_back(std::to_string(r.rate_limited) +
                                     " frames refused by a rate limit (discover_reply_budget, relay_over_budget)");
            if (feeder.wrong_answers() != 0)
                r.failures.push_back(std::to_string(feeder.wrong_answers()) + " answers not to the expected endpoint");
        } else if (feeder.answers() < r.sent) {
            r.failures.push_back("macswap returned " + std::to_string(feeder.answers()) + " of " + std::to_string(r.sent));
        }
        if (const unsigned punts = rte_ring_count(workers.to_control(0)); punts != 0)
            r.failures.push_back(std::to_string(punts) + " frames punted to the control plane");
        port_.drain_rings();
        if (!workers.release_held_frames()) r.failures.push_back("indirect mbufs missing from their pool");
        if (!port_.all_mbufs_home()) r.failures.push_back("mbufs missing from the pool");
    }

    const Options& o_;
    unsigned worker_lcore_;
    double hz_;
    RingPipePort port_;
    config::Config cfg_;
    dp::LocalInterface iface_;
    dp::Clock clock_;
    Population population_;
    std::unique_ptr<dp::BeaconState> beacon_;
    std::optional<TrafficSource> traffic_;
};

// ---- report --------------------------------------------------------------------------

const Result* find(const std::vector<Result>& results, const std::string& name) {
    for (const Result& r : results)
        if (r.name == name) return &r;
    return nullptr;
}

std::string verdict(const Result& r) {
    if (!r.failures.empty()) return "FAILED";
    return r.rate_limited ? "ok, " + std::to_string(r.rate_limited) + " limited" : "ok";
}

struct Ceiling {
    std::string relay, macswap;
    double mpps_ratio = 0;    // measured relay Mpps / measured macswap Mpps
    double cycles_ratio = 0;  // macswap median cycles/packet / relay median cycles/packet
};

std::vector<Ceiling> ceilings(const std::vector<Result>& results) {
    std::vector<Ceiling> out;
    for (const char* size : {"64", "1024"}) {
        const Result* relay = find(results, std::string("relay-hit-") + size);
        const Result* swap = find(results, std::string("macswap-") + size);
        if (!relay || !swap || swap->mpps == 0 || relay->median_cycles == 0) continue;
        out.push_back({relay->name, swap->name, relay->mpps / swap->mpps, swap->median_cycles / relay->median_cycles});
    }
    return out;
}

std::string machine_line(const Options& o, unsigned worker_lcore, double hz) {
    return "CPU " + cpu_model() + ", " + std::to_string(online_cpus()) + " online CPUs, TSC " + fixed(hz / 1e9, 3) +
           " GHz; lcores " + o.lcores + ": traffic on main lcore " + std::to_string(rte_get_main_lcore()) + " (CPU " +
           std::to_string(rte_lcore_to_cpu_id(int(rte_get_main_lcore()))) + "), worker on lcore " +
           std::to_string(worker_lcore) + " (CPU " + std::to_string(rte_lcore_to_cpu_id(int(worker_lcore))) + ")";
}

void print_text(const Options& o, const std::vector<Result>& results, unsigned worker_lcore, double hz,
                const RingPipePort& port) {
    std::cout << machine_line(o, worker_lcore, hz) << "\n"
              << "port net_ring (rte_eth_from_rings, 1 queue pair, no offloads), " << port.mbufs()
              << " mbufs in flight, burst " << o.burst << "; " << o.nodes << " nodes registered (max_nodes "
              << o.nodes << "), " << o.active << " active, " << o.relay_sources
              << " relay sources; relay budget " << o.relay_budget << "/s per source, reply budget " << o.reply_budget
              << "/s per IP; " << fixed(o.duration_s, 2) << " s per scenario\n\n";
    TextTable table({"scenario", "frame B", "Mpps", "busy", "on CPU", "cycles/pkt", "median cycles/pkt",
                     "capacity Mpps", "packets", "check"});
    for (const Result& r : results)
        table.add({r.name, fixed(r.frame_bytes, 0), fixed(r.mpps, 2), fixed(r.busy * 100, 0) + " %",
                   fixed(r.cpu_share * 100, 0) + " %", fixed(r.cycles_per_packet, 0), fixed(r.median_cycles, 0),
                   fixed(r.capacity_mpps(hz), 2), std::to_string(r.packets), verdict(r)});
    std::cout << table.render()
              << "\nMpps: packets through the worker in the window / its length. busy: share of the window in\n"
                 "polls that received frames. on CPU: share of the window the worker thread ran (below 100 %\n"
                 "other tasks took its CPU). cycles/pkt: busy TSC cycles / packets (preemptions included).\n"
                 "median cycles/pkt: median over packets of the cost of the poll that handled them (preempted\n"
                 "polls left out). capacity: TSC Hz / median, what one core of its own would sustain.\n";
    for (const Ceiling& c : ceilings(results))
        std::cout << c.relay << " / " << c.macswap << ": " << fixed(c.mpps_ratio * 100, 1) << " % by Mpps, "
                  << fixed(c.cycles_ratio * 100, 1) << " % by median cycles per packet\n";
    if (const Result* relay = find(results, "relay-hit-64")) {
        const auto c = ceilings(results);
        std::cout << "target relay >= " << fixed(kTargetMpps, 0) << " Mpps per core: " << fixed(relay->mpps, 2)
                  << " Mpps measured, " << fixed(relay->capacity_mpps(hz), 2) << " capacity: "
                  << (relay->mpps >= kTargetMpps ? "met" : "NOT met") << "\n";
        if (!c.empty() && c[0].relay == relay->name)
            std::cout << "target relay >= " << fixed(kTargetCeilingShare * 100, 0)
                      << " % of the macswap ceiling: " << (c[0].mpps_ratio >= kTargetCeilingShare ? "met" : "NOT met")
                      << "\n";
    }
    for (const Result& r : results)
        for (const std::string& f : r.failures) std::cout << "FAILED " << r.name << ": " << f << "\n";
}

void print_json(const Options& o, const std::vector<Result>& results, unsigned worker_lcore, double hz,
                const RingPipePort& port) {
    std::vector<std::string> rows, ratio_rows;
    for (const Result& r : results) {
        std::vector<std::string> failures;
        for (const std::string& f : r.failures) failures.push_back(Json().field("failure", f).render());
        rows.push_back(Json()
                           .field("scenario", r.name)
                           .field("traffic", r.traffic)
                           .field("engine", std::string(r.engine == Engine::Beacon ? "beacon" : "macswap"))
                           .field("frame_bytes", r.frame_bytes)
                           .field("mpps", r.mpps)
                           .field("cycles_per_packet", r.cycles_per_packet)
                           .field("median_cycles_per_packet", r.median_cycles)
                           .field("capacity_mpps", r.capacity_mpps(hz))
                           .field("worker_busy", r.busy)
                           .field("worker_on_cpu", r.cpu_share)
                           .field("packets", r.packets)
                           .field("seconds", r.seconds)
                           .field("sent", r.sent)
                           .field("verified", r.failures.empty())
                           .field("rate_limited", r.rate_limited)
                           .raw("failures", Json::array(failures))
                           .render());
    }
    for (const Ceiling& c : ceilings(results))
        ratio_rows.push_back(Json()
                                 .field("relay", c.relay)
                                 .field("macswap", c.macswap)
                                 .field("mpps_ratio", c.mpps_ratio)
                                 .field("cycles_ratio", c.cycles_ratio)
                                 .render());
    std::cout << Json()
                     .field("machine", machine_line(o, worker_lcore, hz))
                     .field("cpus", uint64_t(online_cpus()))
                     .field("tsc_hz", hz)
                     .field("lcores", o.lcores)
                     .field("mbufs_in_flight", uint64_t(port.mbufs()))
                     .field("burst", uint64_t(o.burst))
                     .field("nodes", uint64_t(o.nodes))
                     .field("active_nodes", uint64_t(o.active))
                     .field("relay_sources", uint64_t(o.relay_sources))
                     .field("relay_budget_per_s", uint64_t(o.relay_budget))
                     .field("reply_budget_per_s", uint64_t(o.reply_budget))
                     .raw("scenarios", Json::array(rows))
                     .raw("ceiling", Json::array(ratio_rows))
                     .render()
              << '\n';
}

int run(const Options& o) {
    const unsigned worker_lcore = rte_get_next_lcore(-1, 1, 0);
    if (worker_lcore >= RTE_MAX_LCORE) throw std::runtime_error("--lcores names no worker lcore");
    const std::vector<Scenario> scenarios = select_scenarios(o.scenarios);
    Bench bench(o, worker_lcore);
    std::vector<Result> results;
    for (const Scenario& s : scenarios) {
        results.push_back(bench.run(s));
        const Result& r = results.back();
        std::fprintf(stderr, "bench_pipeline: %-16s %7.2f Mpps %6.0f cycles/pkt %s\n", r.name.c_str(), r.mpps,
                     r.cycles_per_packet, r.failures.empty() ? "ok" : "FAILED");
    }
    if (o.json)
        print_json(o, results, worker_lcore, bench.hz(), bench.port());
    else
        print_text(o, results, worker_lcore, bench.hz(), bench.port());
    for (const Result& r : results)
        if (!r.failures.empty()) return 1;
    return 0;
}

Options parse(Args& args) {
    Options o;
    const auto bounded = [&args](const char* name, uint64_t fallback, uint64_t low, uint64_t high) {
        const uint64_t value = args.count(name, fallback);
        if (value < low || value > high)
            throw std::invalid_argument(std::string("--") + name + " must be between " + std::to_string(low) +
                                        " and " + std::to_string(high));
        return value;
    };
    o.nodes = uint32_t(bounded("nodes", o.nodes, 1, Population::kMaxNodes));
    o.active = uint32_t(bounded("active", std::min(o.active, o.nodes), 1, o.nodes));
    o.relay_sources = uint32_t(bounded("sources", o.relay_sources, 1, 1u << 20));
    o.mbufs = uint32_t(bounded("mbufs", o.mbufs, kFeedBurst, 1u << 20));
    o.burst = uint16_t(bounded("burst", o.burst, 1, dp::kMaxBurst));
    o.memory_mb = uint32_t(bounded("memory-mb", o.memory_mb, 64, 1u << 20));
    o.relay_budget = uint32_t(bounded("relay-budget", o.relay_budget, 0, UINT32_MAX));
    o.reply_budget = uint32_t(bounded("reply-budget", o.reply_budget, 0, UINT32_MAX));
    o.seed = args.count("seed", o.seed);
    o.duration_s = args.number("duration", o.duration_s);
    o.warmup_s = args.number("warmup", o.warmup_s);
    o.lcores = args.text("lcores", o.lcores);
    o.scenarios = args.text("scenarios", o.scenarios);
    o.json = args.flag("json");
    o.allow_limited = args.flag("allow-limited");
    if (o.duration_s <= 0) throw std::invalid_argument("--duration must be positive");
    return o;
}

// The EAL around run(): in process, no hugepages, no PCI, a file prefix of
// this process's own; its runtime directory is removed afterwards.
int run_in_eal(const Options& o) {
    const std::vector<std::string> eal_args{"bench_pipeline", "--no-huge", "-m", std::to_string(o.memory_mb),
                                            "--no-pci", "--file-prefix", "pb-bench-" + std::to_string(getpid()),
                                            "--lcores", o.lcores, "--log-level=error"};
    std::string runtime_dir;
    int rc = 0;
    try {
        dp::Eal eal(eal_args);
        runtime_dir = rte_eal_get_runtime_dir();
        rc = run(o);
    } catch (const std::exception& e) {
        std::cerr << "bench_pipeline: " << e.what() << '\n';
        rc = 2;
    }
    // rte_eal_cleanup leaves the per-prefix runtime directory behind.
    std::error_code ignored;
    if (runtime_dir.find("pb-bench-") != std::string::npos) std::filesystem::remove_all(runtime_dir, ignored);
    return rc;
}

}  // namespace
}  // namespace pb::bench

int main(int argc, char** argv) {
    using namespace pb::bench;
    return bench_main<Options>(argc, argv, "bench_pipeline", kUsage, {"json", "allow-limited"}, parse, run_in_eal);
}
