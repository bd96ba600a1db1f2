// pktgen/runner.cpp — bring-up, phases and measurements on the main lcore.
#include "pktgen/runner.hpp"

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "dataplane/eal.hpp"
#include "dataplane/port.hpp"
#include "pktgen/mac.hpp"
#include "pktgen/ramp.hpp"
#include "pktgen/report.hpp"
#include "pktgen/worker.hpp"

namespace pb::pktgen {

namespace {

constexpr double kResolveTimeoutS = 5;
constexpr auto kPollStep = std::chrono::milliseconds(5);

class Session {
public:
    Session(const Scenario& s, const RunOptions& options)
        : s_(s),
          options_(options),
          eal_(dp::eal_arguments(s.eal, "pilot-pktgen")),
          workers_(count_workers()),
          port_(s.eal, queues(), workers_),
          daemons_(s.daemons),
          pairs_(s.traffic.relay, s.daemons.count, s.traffic.seed),
          kinds_(s.traffic.mix),
          shared_(s, daemons_, pairs_, kinds_, workers_),
          setup_{s, daemons_, pairs_, kinds_, {}} {
        const dp::PortInfo& info = port_.info();
        std::copy(std::begin(info.mac.addr_bytes), std::end(info.mac.addr_bytes), shared_.our_mac.begin());
        setup_.our_mac = shared_.our_mac;
        shared_.port_id = info.port_id;
        shared_.pool = port_.pool();
        shared_.tx_multi_segs = info.tx_offloads.multi_segs;
        shared_.tsc_hz = rte_get_tsc_hz();
        shared_.ns_per_tsc = 1e9 / double(shared_.tsc_hz);
        make_fragment_pools();
        for (unsigned i = 0; i < workers_; ++i) workers_list_.push_back(std::make_unique<Worker>(shared_, setup_, i));
        port_.start();
        report_.scenario = s.name;
        report_.description = s.description;
        report_.lcores = s.eal.dpdk.lcores;
        report_.device = s.eal.port.device;
        report_.driver = info.driver;
        report_.workers = workers_;
        report_.daemons = daemons_.size();
    }

    ~Session() {
        port_.close();
        free_fragment_pools(fragment_pools_);
    }

    Report run() {
        resolve();
        register_daemons();
        if (s_.ramp.enabled) search_rate();
        else fixed_run();
        return std::move(report_);
    }

private:
    unsigned count_workers() const {
        const unsigned n = rte_lcore_count();
        if (n < 2) throw std::runtime_error("dpdk.lcores must give a main lcore and at least one worker");
        return n - 1;
    }
    uint16_t queues() const {
        const uint16_t q = s_.eal.port.queues ? s_.eal.port.queues : uint16_t(workers_);
        if (q != workers_)
            throw std::runtime_error("port.queues (" + std::to_string(q) + ") must equal the worker lcores (" +
                                     std::to_string(workers_) + "): one queue pair per worker");
        return q;
    }

    void make_fragment_pools() {
        Generator probe_size(setup_, 0, workers_);
        const std::size_t max_frame = probe_size.max_frame();
        if (max_frame + RTE_PKTMBUF_HEADROOM <= rte_pktmbuf_data_room_size(port_.pool())) return;
        const unsigned in_flight = std::max(512u, s_.eal.port.tx_desc * 2u);
        fragment_pools_ = create_fragment_pools("pkg", max_frame, s_.eal.port.mtu, in_flight,
                                                rte_eth_dev_socket_id(port_.info().port_id));
        shared_.jumbo_pool = fragment_pools_.jumbo;
        shared_.indirect_pool = fragment_pools_.indirect;
    }

    uint64_t now() const { return rte_rdtsc(); }
    uint64_t after(double seconds) const { return now() + uint64_t(seconds * double(shared_.tsc_hz)); }

    void launch(const Phase& phase) {
        shared_.phase = phase;
        shared_.stop.store(false);
        unsigned i = 0;
        unsigned lcore;
        RTE_LCORE_FOREACH_WORKER(lcore) {
            if (rte_eal_remote_launch(run_worker, workers_list_[i++].get(), lcore) != 0)
                throw std::runtime_error("cannot launch a worker on lcore " + std::to_string(lcore));
        }
    }
    void stop_and_wait() {
        shared_.stop.store(true);
        rte_eal_mp_wait_lcore();
    }

    CounterSnapshot counters() const {
        CounterSnapshot sum;
        for (const auto& w : workers_list_) sum += w->counters.snapshot();
        return sum;
    }
    Histogram merged(Histogram Worker::*which) const {
        Histogram h;
        for (const auto& w : workers_list_) h.merge(((*w).*which).snapshot());
        return h;
    }
    void reset_results() {
        for (auto& w : workers_list_) w->reset_results();
    }
    PortCounts port_counts() const {
        rte_eth_stats st{};
        rte_eth_stats_get(shared_.port_id, &st);
        return {.ipackets = st.ipackets,
                .opackets = st.opackets,
                .imissed = st.imissed,
                .ierrors = st.ierrors,
                .oerrors = st.oerrors,
                .rx_nombuf = st.rx_nombuf};
    }

    void progress(const std::string& line) {
        if (options_.progress) std::fprintf(options_.progress, "%s\n", line.c_str()), std::fflush(options_.progress);
    }

    // Runs `phase` until `done()` or its end; prints a progress line per interval.
    template <class Done>
    double supervise(const Phase& phase, const std::string& label, Done&& done) {
        const uint64_t start = now();
        launch(phase);
        uint64_t next_line = start + uint64_t(s_.report_interval_s * double(shared_.tsc_hz));
        CounterSnapshot last = counters();
        Histogram last_relay = merged(&Worker::relay_latency), last_reply = merged(&Worker::reply_latency);
        while (!done() && (phase.end_tsc == 0 || now() < phase.end_tsc)) {
            std::this_thread::sleep_for(kPollStep);
            if (now() < next_line) continue;
            next_line += uint64_t(s_.report_interval_s * double(shared_.tsc_hz));
            const CounterSnapshot current = counters();
            const Histogram relay = merged(&Worker::relay_latency), reply = merged(&Worker::reply_latency);
            progress(progress_line(label, double(now() - start) / double(shared_.tsc_hz), s_.report_interval_s,
                                   current - last, relay.since(last_relay), reply.since(last_reply)));
            last = current;
            last_relay = relay;
            last_reply = reply;
        }
        stop_and_wait();
        return double(now() - start) / double(shared_.tsc_hz);
    }

    void resolve() {
        if (s_.beacon.mac) {
            shared_.learn_beacon_mac(*s_.beacon.mac);
        } else {
            const Phase phase{.kind = PhaseKind::Resolve, .end_tsc = after(kResolveTimeoutS)};
            supervise(phase, "resolve", [&] { return shared_.beacon_mac_known().has_value(); });
            if (!shared_.beacon_mac_known())
                throw std::runtime_error("no ARP/ND answer for the beacon's address " +
                                         s_.beacon.address.to_string() + " within 5 s (is the beacon up?)");
        }
        report_.beacon_mac = mac_text(*shared_.beacon_mac_known());
        progress("beacon " + s_.beacon.address.to_string() + " is at " + report_.beacon_mac);
    }

    void register_daemons() {
        const Phase phase{.kind = PhaseKind::Register, .end_tsc = after(s_.daemons.register_timeout_s)};
        const uint32_t all = daemons_.size();
        report_.register_seconds = supervise(phase, "register", [&] {
            return shared_.registered_count.load(std::memory_order_relaxed) >= all;
        });
        report_.registered = shared_.registered_count.load();
        progress("registered " + std::to_string(report_.registered) + " of " + std::to_string(all) + " daemons in " +
                 std::to_string(report_.register_seconds).substr(0, 5) + " s");
        if (uint64_t(report_.registered) * 100 < uint64_t(all) * s_.daemons.min_registered_percent)
            throw std::runtime_error("only " + std::to_string(report_.registered) + " of " + std::to_string(all) +
                                     " daemons registered within " + std::to_string(s_.daemons.register_timeout_s) +
                                     " s (daemons.min_registered_percent: " +
                                     std::to_string(s_.daemons.min_registered_percent) + ")");
    }

    // One traffic phase at `rate` for `seconds`, then the drain; the results.
    Measurement measure(const std::string& label, uint64_t rate, double seconds, bool drain) {
        reset_results();
        const PortCounts port_before = port_counts();
        const uint8_t epoch = ++epoch_ == 0 ? ++epoch_ : epoch_;
        Measurement m;
        m.label = label;
        m.target_pps = rate;
        m.closed_loop = s_.load.mode == LoopMode::Closed;
        m.relay_payload_bytes = s_.traffic.relay.payload_bytes;
        const Phase traffic{.kind = PhaseKind::Traffic, .end_tsc = after(seconds), .rate_pps = rate, .epoch = epoch};
        m.seconds = supervise(traffic, label, [] { return false; });
        if (drain && s_.load.drain_ms > 0) {
            const Phase phase{.kind = PhaseKind::Drain, .end_tsc = after(s_.load.drain_ms / 1000.0), .epoch = epoch};
            supervise(phase, label + " drain", [] { return false; });
        }
        m.counters = counters();
        m.port = port_counts() - port_before;
        for (const auto& w : workers_list_) m.sequence += w->tracker.counts();
        m.relay_latency = merged(&Worker::relay_latency);
        m.reply_latency = merged(&Worker::reply_latency);
        return m;
    }

    void warm_up(uint64_t rate) {
        if (s_.load.warmup_s > 0) measure("warm-up", rate, s_.load.warmup_s, false);
    }

    void fixed_run() {
        const uint64_t rate = s_.load.mode == LoopMode::Open ? s_.load.rate_pps : 0;
        warm_up(rate);
        report_.runs.push_back(measure("run", rate, s_.load.duration_s, true));
    }

    void search_rate() {
        const RampConfig& r = s_.ramp;
        uint64_t ceiling = r.max_pps;
        warm_up(ceiling);
        std::optional<Measurement> unpaced;
        if (ceiling == 0) {
            unpaced = measure("ceiling (unpaced)", 0, r.trial_s, true);
            ceiling = uint64_t(unpaced->offered_pps());
            if (ceiling == 0) throw std::runtime_error("the unpaced trial sent nothing");
        }
        RateSearch search(r, ceiling);
        if (unpaced) {
            search.record(ceiling, unpaced->offered_pps(), unpaced->loss());
            report_.runs.push_back(std::move(*unpaced));
        }
        while (!search.done()) {
            const uint64_t rate = search.next_rate();
            Measurement m = measure("trial " + std::to_string(search.trials().size() + 1), rate, r.trial_s, true);
            search.record(rate, m.offered_pps(), m.loss());
            report_.runs.push_back(std::move(m));
        }
        report_.ramp = RampOutcome{search.best(), search.best_offered(), r.loss_threshold, search.trials()};
        if (r.followup_percent > 0 && search.best() > 0) {
            const uint64_t rate = uint64_t(search.best_offered() * r.followup_percent / 100);
            report_.runs.push_back(
                measure("at " + std::to_string(r.followup_percent) + " % of best", rate, s_.load.duration_s, true));
        }
    }

    const Scenario& s_;
    RunOptions options_;
    dp::Eal eal_;
    unsigned workers_;
    dp::Port port_;
    DaemonSet daemons_;
    PairPicker pairs_;
    KindTable kinds_;
    SharedState shared_;
    GeneratorSetup setup_;
    FragmentPools fragment_pools_;
    std::vector<std::unique_ptr<Worker>> workers_list_;
    Report report_;
    uint8_t epoch_ = 0;
};

}  // namespace

Report run_scenario(const Scenario& scenario, const RunOptions& options) {
    Session session(scenario, options);
    return session.run();
}

}  // namespace pb::pktgen
