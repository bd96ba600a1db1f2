// controlplane/lifecycle_observer.hpp — what the control plane tells the
// service manager about (controlplane/service_notifier.hpp implements it):
// serving, reloads, the start of the drain/stop, and the 1 s housekeeping
// tick. The defaults do nothing.
#pragma once

#include <chrono>
#include <string_view>

namespace pb::cp {

class LifecycleObserver {
public:
    virtual ~LifecycleObserver() = default;
    // The beacon serves: workers launched, listeners bound.
    virtual void serving() {}
    // SIGHUP received; reloaded() follows with whether the new configuration was applied.
    virtual void reloading() {}
    virtual void reloaded(bool /*applied*/) {}
    // Draining or stopping has begun (`why` in plain words); may be called more than once.
    virtual void stopping(std::string_view /*why*/) {}
    // Every second on the control-plane loop, while it runs.
    virtual void housekeeping(std::chrono::steady_clock::time_point /*now*/) {}
};

}  // namespace pb::cp
