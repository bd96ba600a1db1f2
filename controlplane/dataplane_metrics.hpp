// controlplane/dataplane_metrics.hpp — the beacon's own /metrics families:
// every per-worker counter of dataplane/counters.hpp (lcore label = the
// worker's EAL lcore id, never summed), worker heartbeats, node tables,
// port link and NIC statistics, the mbuf pool, the process (phase, uptime,
// version) and the control channels (punts, injection). docs/operations.md
// lists every family with its labels.
#pragma once

#include <string_view>

#include "controlplane/http/dataplane_view.hpp"
#include "controlplane/injector.hpp"
#include "controlplane/lifecycle.hpp"
#include "controlplane/metrics.hpp"
#include "controlplane/punt_dispatcher.hpp"

namespace pb::cp {

class ControlPlane;

// The HELP text of a per-worker counter family.
std::string_view worker_family_help(std::string_view family);

// Safe from any thread (DPDK's telemetry thread uses them too).
void write_dataplane_metrics(MetricsWriter& w, const DataplaneView& view);
void write_process_metrics(MetricsWriter& w, Phase phase);
// Control-plane thread only.
void write_channel_metrics(MetricsWriter& w, const PuntDispatcher& punts, const Injector& injector);

// Registers the three with control.metrics(); `view` must outlive the registry's use.
void register_beacon_metrics(ControlPlane& control, const DataplaneView& view);

}  // namespace pb::cp
