// controlplane/registry/registry_metrics.hpp — the registry client's
// series for /metrics (docs/operations.md, "Registry"):
//   pilot_beacon_registry_register_ok_total, _register_failed_total{reason},
//   _list_ok_total, _list_failed_total{reason}, _lookup_ok_total,
//   _lookup_cached_total, _lookup_failed_total{reason}, _peers,
//   _last_success_age_seconds (-1 until the first successful cycle).
#pragma once

#include <chrono>

#include "controlplane/metrics.hpp"
#include "controlplane/registry/stats.hpp"

namespace pb::registry {

void write_registry_metrics(const RegistryStats& stats, cp::MetricsWriter& out,
                            std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

}  // namespace pb::registry
