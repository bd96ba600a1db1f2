// controlplane/telemetry.hpp — DPDK's own operator tools on the beacon:
// rte_telemetry commands (/pilot/info, /pilot/stats, /pilot/workers,
// /pilot/nodes) for dpdk-telemetry.py, and rte_pdump so that dpdk-dumpcap
// can capture on the bound port. The commands run on DPDK's telemetry
// thread: they read only what is safe from any thread (DataplaneView, the
// lifecycle phase), never the control plane's Asio objects.
#pragma once

#include "controlplane/http/dataplane_view.hpp"
#include "controlplane/lifecycle.hpp"

namespace pb::cp {

class Telemetry {
public:
    // With `enabled` (control.telemetry), registers the commands (once per
    // process) and answers them from `view` until destroyed; after that they
    // answer with an error. At most one instance at a time.
    Telemetry(bool enabled, const DataplaneView& view, const Lifecycle& lifecycle);
    ~Telemetry();
    Telemetry(const Telemetry&) = delete;
    Telemetry& operator=(const Telemetry&) = delete;

    const DataplaneView& view() const { return view_; }
    const Lifecycle& lifecycle() const { return lifecycle_; }

private:
    const DataplaneView& view_;
    const Lifecycle& lifecycle_;
    bool attached_ = false;
};

// rte_pdump_init() for the process's lifetime: dpdk-dumpcap (a DPDK
// secondary process) can then capture on the port. Needs hugepages
// (dpdk.hugepages: true): a --no-huge primary's memory cannot be shared.
class PacketCapture {
public:
    PacketCapture();
    ~PacketCapture();
    PacketCapture(const PacketCapture&) = delete;
    PacketCapture& operator=(const PacketCapture&) = delete;

    bool ready() const { return ready_; }

private:
    bool ready_ = false;
};

}  // namespace pb::cp
