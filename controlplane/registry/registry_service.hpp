// controlplane/registry/registry_service.hpp — the registry client as a
// control-plane service: settings from the configuration, series in
// ControlPlane::metrics(), new settings on SIGHUP (next cycle), first cycle
// when the control loop runs. The gossip service subscribes with
// client().on_peers(...); WSS and grant tokens use
// client().lookup_public_key(...).
// Header-only on purpose: ControlPlane (and the DPDK headers behind it)
// belongs to beacon_controlplane, which links beacon_registry; this glue is
// compiled there (appliance.cpp), so beacon_registry stays free of both.
#pragma once

#include "controlplane/control_plane.hpp"
#include "controlplane/registry/registry_client.hpp"
#include "controlplane/registry/registry_metrics.hpp"
#include "controlplane/registry/settings.hpp"

namespace pb::registry {

class RegistryService {
public:
    explicit RegistryService(cp::ControlPlane& control) : client_(control.io(), settings_from(control.config())) {
        control.metrics().add([this](cp::MetricsWriter& out) { write_registry_metrics(client_.stats(), out); });
        control.on_reload([this](const config::Config& cfg) { client_.reconfigure(settings_from(cfg)); });
        client_.start();
    }
    RegistryService(const RegistryService&) = delete;
    RegistryService& operator=(const RegistryService&) = delete;

    RegistryClient& client() { return client_; }

private:
    RegistryClient client_;
};

}  // namespace pb::registry
