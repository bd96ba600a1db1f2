// controlplane/control_plane.cpp — the control-plane event loop and the
// process lifecycle: SIGTERM drains (health 503 for control.drain_grace_s
// while the beacon keeps serving), SIGINT stops at once, SIGHUP reloads what
// can change live.
#include "controlplane/control_plane.hpp"

#include <rte_ethdev.h>

#include <csignal>
#include <pthread.h>

#include "common/log/log.hpp"

namespace pb::cp {

namespace {
constexpr auto kPollInterval = std::chrono::milliseconds(1);
constexpr auto kHousekeepingInterval = std::chrono::seconds(1);
constexpr unsigned kPuntBudgetPerPoll = 4096;
constexpr size_t kHotLogRecordsPerTick = 4096;

// Node expiry (TTL) and limiter hygiene, on the workers' clock.
void sweep_expired(dp::BeaconState& beacon, const dp::Now& now, uint32_t node_ttl_s) {
    const size_t removed = beacon.nodes.reap_all(now.s, node_ttl_s);
    const size_t sources = beacon.relay_budget.sweep(now.ns) + beacon.punch_per_ip.sweep(now.ns) +
                           beacon.reply_budget.sweep(now.ns);
    log::debug("nodes", "expiry sweep",
               {{"removed", removed}, {"nodes", beacon.nodes.size()}, {"limiter_sources_released", sources}});
}
}  // namespace

ControlPlane::ControlPlane(const config::Config& cfg, dp::Dataplane& dataplane)
    : cfg_(cfg),
      dataplane_(dataplane),
      signals_(io_, SIGINT, SIGTERM, SIGHUP),
      poll_timer_(io_),
      housekeeping_timer_(io_),
      drain_timer_(io_),
      injector_(dataplane),
      punts_(dataplane),
      next_sweep_s_(cfg.beacon.timers.sweep_interval_s) {}

int ControlPlane::run() {
    // The EAL's threads were started with these signals blocked; only this
    // thread takes them.
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, nullptr);

    wait_for_signal();
    schedule_poll();
    link_was_up_ = dataplane_.port().link_up();  // the started port's, not the link before the start
    schedule_housekeeping();
    lifecycle_.enter(Phase::Serving);
    observer_->serving();
    io_.run();

    lifecycle_.enter(Phase::Stopping);
    observer_->stopping("stopping: workers stopping, port closing");
    const bool clean = dataplane_.stop();
    dataplane_.workers().hot_logs().drain(kHotLogRecordsPerTick);
    if (!clean) return exit_code_ != 0 ? exit_code_ : 1;  // the dataplane logged what is missing
    log::info("beacon", "stopped; every mbuf returned to its pool");
    return exit_code_;
}

void ControlPlane::stop(int exit_code) {
    if (exit_code != 0 && exit_code_ == 0) exit_code_ = exit_code;
    io_.stop();
}

void ControlPlane::wait_for_signal() {
    signals_.async_wait([this](const boost::system::error_code& ec, int sig) {
        if (ec) return;
        handle_signal(sig);
        wait_for_signal();
    });
}

void ControlPlane::handle_signal(int sig) {
    switch (sig) {
        case SIGINT:
            log::info("beacon", "stopping", {{"signal", "SIGINT"}});
            observer_->stopping("stopping (SIGINT)");
            stop(0);
            break;
        case SIGTERM:
            if (lifecycle_.phase() == Phase::Draining) {
                log::info("beacon", "second SIGTERM while draining: stopping now");
                stop(0);
            } else {
                begin_drain();
            }
            break;
        case SIGHUP: reload(); break;
        default: break;
    }
}

void ControlPlane::begin_drain() {
    lifecycle_.enter(Phase::Draining);
    observer_->stopping("draining (SIGTERM): health answers 503 for " + std::to_string(cfg_.control.drain_grace_s) +
                        " s, then the beacon stops");
    log::info("beacon", "draining: health answers 503, the beacon keeps serving",
              {{"signal", "SIGTERM"}, {"grace_s", cfg_.control.drain_grace_s}});
    drain_timer_.expires_after(std::chrono::seconds(cfg_.control.drain_grace_s));
    drain_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        log::info("beacon", "drain grace period over: stopping");
        stop(0);
    });
}

void ControlPlane::reload() {
    observer_->reloading();
    config::Config fresh;
    if (!config_source_ || !config_source_(fresh)) {
        log::warn("config", "SIGHUP: configuration not reloaded (see the errors above); keeping the running one");
        observer_->reloaded(false);
        return;
    }
    log::configure(fresh.log.level, fresh.log.format);
    for (auto& listener : reload_listeners_) listener(fresh);
    cfg_ = fresh;
    log::info("config", "SIGHUP: reloaded", {{"log_level", std::string(log::level_name(fresh.log.level))}});
    observer_->reloaded(true);
}

void ControlPlane::schedule_poll() {
    poll_timer_.expires_after(kPollInterval);
    poll_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        punts_.poll(kPuntBudgetPerPoll);
        schedule_poll();
    });
}

void ControlPlane::schedule_housekeeping() {
    housekeeping_timer_.expires_after(kHousekeepingInterval);
    housekeeping_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        dataplane_.workers().hot_logs().drain(kHotLogRecordsPerTick);
        if (port_stalled()) return;  // stopping
        if (const bool up = dataplane_.port().link_up(); up != link_was_up_) {
            log::write(up ? log::Level::Info : log::Level::Warn, "port", up ? "link up" : "link down",
                       {{"link", dataplane_.port().link_description()}});
            link_was_up_ = up;
        }
        if (const dp::Now now = dataplane_.clock().now(); now.s >= next_sweep_s_) {
            sweep_expired(dataplane_.beacon(), now, cfg_.beacon.timers.node_ttl_s);
            next_sweep_s_ = now.s + cfg_.beacon.timers.sweep_interval_s;
        }
        observer_->housekeeping(std::chrono::steady_clock::now());
        schedule_housekeeping();
    });
}

// A port that receives nothing while its driver drops frames stays that way
// (RxStallWatch): stop with kExitPortStalled, so that the supervisor starts
// a fresh beacon, instead of polling a dead queue for good.
bool ControlPlane::port_stalled() {
    rte_eth_stats s{};
    if (rte_eth_stats_get(dataplane_.port().info().port_id, &s) != 0) return false;
    if (!rx_stall_.stalled(std::chrono::steady_clock::now(), s.ipackets, s.imissed)) return false;
    log::error("port", "receive stalled: nothing received while the driver drops frames; stopping for a restart",
               {{"received", s.ipackets},
                {"missed", s.imissed},
                {"driver", dataplane_.port().info().driver},
                {"exit_code", kExitPortStalled}});
    stop(kExitPortStalled);
    return true;
}

}  // namespace pb::cp
