// controlplane/service_notifier.hpp — keeps systemd informed (Type=notify,
// WatchdogSec): READY=1 once serving, STATUS= lines, RELOADING=1 / READY=1
// around a SIGHUP reload, STOPPING=1 when the drain or stop begins, and
// WATCHDOG=1 on each housekeeping tick only while every worker's heartbeat
// is fresh (the /readyz rule), so a stuck worker lets the watchdog expire
// and systemd restarts the service.
#pragma once

#include <string>

#include "controlplane/http/dataplane_view.hpp"
#include "controlplane/http/readiness.hpp"
#include "controlplane/lifecycle.hpp"
#include "controlplane/lifecycle_observer.hpp"
#include "controlplane/systemd_notify.hpp"

namespace pb::cp {

class ServiceNotifier final : public LifecycleObserver {
public:
    // `serving_status`: the STATUS= text while serving ("serving on …").
    ServiceNotifier(SystemdNotify notify, const Lifecycle& lifecycle, const DataplaneView& view,
                    std::string serving_status,
                    ReadinessProbe::Clock::duration stall_limit = ReadinessProbe::kDefaultStallLimit);

    void serving() override;
    void reloading() override;
    void reloaded(bool applied) override;
    void stopping(std::string_view why) override;
    void housekeeping(ReadinessProbe::Clock::time_point now) override;

private:
    SystemdNotify notify_;
    ReadinessProbe heartbeats_;
    std::string serving_status_;
    std::string withheld_because_;  // non-empty while WATCHDOG=1 is withheld
    bool stopping_ = false;
};

}  // namespace pb::cp
