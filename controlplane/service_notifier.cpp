// controlplane/service_notifier.cpp — the notifications and the watchdog rule.
#include "controlplane/service_notifier.hpp"

#include <ctime>
#include <utility>

#include "common/log/log.hpp"

namespace pb::cp {

namespace {
// RELOADING=1 carries the CLOCK_MONOTONIC time (systemd >= 253 requires it
// for Type=notify-reload; older ones ignore it).
std::string monotonic_usec() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::to_string(uint64_t(ts.tv_sec) * 1000000u + uint64_t(ts.tv_nsec) / 1000u);
}
}  // namespace

ServiceNotifier::ServiceNotifier(SystemdNotify notify, const Lifecycle& lifecycle, const DataplaneView& view,
                                 std::string serving_status, ReadinessProbe::Clock::duration stall_limit)
    : notify_(std::move(notify)),
      heartbeats_(lifecycle, view, stall_limit),
      serving_status_(std::move(serving_status)) {
    if (!notify_.enabled()) return;
    log::info("systemd", "notifying the service manager",
              {{"watchdog_usec", uint64_t(notify_.watchdog_interval().count())}});
}

void ServiceNotifier::serving() { notify_.notify("READY=1\nSTATUS=" + serving_status_); }

void ServiceNotifier::reloading() {
    notify_.notify("RELOADING=1\nMONOTONIC_USEC=" + monotonic_usec() + "\nSTATUS=reloading the configuration");
}

void ServiceNotifier::reloaded(bool applied) {
    notify_.notify(std::string("READY=1\nSTATUS=") + serving_status_ +
                   (applied ? "" : " (last SIGHUP: configuration invalid, kept the running one)"));
}

void ServiceNotifier::stopping(std::string_view why) {
    if (std::exchange(stopping_, true)) return;
    notify_.notify("STOPPING=1\nSTATUS=" + std::string(why));
}

void ServiceNotifier::housekeeping(ReadinessProbe::Clock::time_point now) {
    if (!notify_.enabled() || notify_.watchdog_interval().count() == 0) return;
    heartbeats_.observe(now);
    std::string stalled = heartbeats_.stalled_worker(now);
    if (stalled.empty()) {
        if (!withheld_because_.empty()) {
            log::info("systemd", "workers polling again: watchdog notifications resume");
            withheld_because_.clear();
            if (!stopping_) notify_.notify("STATUS=" + serving_status_);
        }
        notify_.notify("WATCHDOG=1");
        return;
    }
    if (withheld_because_.empty()) {
        log::warn("systemd", "watchdog withheld: systemd restarts the service unless the worker resumes",
                  {{"reason", stalled}});
        notify_.notify("STATUS=watchdog withheld: " + stalled);
    }
    withheld_because_ = std::move(stalled);
}

}  // namespace pb::cp
