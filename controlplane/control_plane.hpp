// controlplane/control_plane.hpp — the main lcore's event loop (Boost.Asio,
// single-threaded): signals and the drain/stop lifecycle, the poll of the
// workers' punt channels, node expiry and limiter sweeps, link-state watch,
// the receive-stall watch, and the services that hang off it (health/metrics, gossip, registry, WSS).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <vector>

#include "common/config/config.hpp"
#include "controlplane/injector.hpp"
#include "controlplane/lifecycle.hpp"
#include "controlplane/lifecycle_observer.hpp"
#include "controlplane/metrics.hpp"
#include "controlplane/punt_dispatcher.hpp"
#include "controlplane/rx_stall_watch.hpp"
#include "dataplane/dataplane.hpp"

namespace pb::cp {

// The exit code after a port stopped receiving for good (RxStallWatch):
// EX_TEMPFAIL, a fresh start recovers (systemd's Restart=on-failure).
inline constexpr int kExitPortStalled = 75;

class ControlPlane {
public:
    ControlPlane(const config::Config& cfg, dp::Dataplane& dataplane);

    // Runs until SIGINT, or SIGTERM plus the drain grace period. Returns the
    // process exit code after the dataplane has stopped.
    int run();
    // Ends the loop now (fatal errors in a service call this with a reason).
    void stop(int exit_code);

    boost::asio::io_context& io() { return io_; }
    const config::Config& config() const { return cfg_; }
    dp::Dataplane& dataplane() { return dataplane_; }
    Lifecycle& lifecycle() { return lifecycle_; }
    Injector& injector() { return injector_; }
    PuntDispatcher& punts() { return punts_; }
    MetricsRegistry& metrics() { return metrics_; }
    // SIGHUP: called with the newly loaded configuration.
    void on_reload(std::function<void(const config::Config&)> listener) { reload_listeners_.push_back(std::move(listener)); }
    // Set by main(): reloads the configuration from the original command line.
    void set_config_source(std::function<bool(config::Config&)> source) { config_source_ = std::move(source); }
    // Told about serving, reloads, drain/stop and each housekeeping tick
    // (the systemd notifier); must outlive run().
    void set_observer(LifecycleObserver& observer) { observer_ = &observer; }

private:
    void wait_for_signal();
    void handle_signal(int sig);
    void begin_drain();
    void reload();
    void schedule_poll();
    void schedule_housekeeping();
    bool port_stalled();

    config::Config cfg_;
    dp::Dataplane& dataplane_;
    boost::asio::io_context io_;
    boost::asio::signal_set signals_;
    boost::asio::steady_timer poll_timer_;
    boost::asio::steady_timer housekeeping_timer_;
    boost::asio::steady_timer drain_timer_;
    Lifecycle lifecycle_;
    Injector injector_;
    PuntDispatcher punts_;
    MetricsRegistry metrics_;
    std::vector<std::function<void(const config::Config&)>> reload_listeners_;
    std::function<bool(config::Config&)> config_source_;
    LifecycleObserver no_observer_;
    LifecycleObserver* observer_ = &no_observer_;
    uint32_t next_sweep_s_ = 0;
    bool link_was_up_ = false;
    RxStallWatch rx_stall_;
    int exit_code_ = 0;
};

}  // namespace pb::cp
