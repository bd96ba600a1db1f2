// controlplane/wss/wss_service.hpp — the WSS bridge as a control-plane
// service: started when control.wss.bind is set (listening before the port
// starts), tier-0 punts, series in ControlPlane::metrics(), SIGHUP reloads,
// public keys from control.wss.pubkeys_file then the registry's lookup
// (cached by the registry client; "no registry configured" reads as unknown).
// Header-only on purpose, like registry_service.hpp: ControlPlane and the
// Injector belong to beacon_controlplane, which links beacon_wss; this glue
// is compiled there (appliance.cpp), so beacon_wss stays free of both.
#pragma once

#include <memory>

#include "controlplane/control_plane.hpp"
#include "controlplane/registry/registry_client.hpp"
#include "controlplane/wss/startup.hpp"

namespace pb::cp::wss {

class WssService {
public:
    WssService(ControlPlane& control, registry::RegistryClient& registry) {
        if (control.config().control.wss.bind.empty()) return;
        Injector& injector = control.injector();
        bridge_ = start_bridge(control.io(), control.config(), control.dataplane(),
                               [&injector](rte_mbuf* m) { return injector.transmit(m); }, registry_keys(registry));
        Bridge* bridge = bridge_.get();
        control.punts().on(dp::PuntReason::WssRelay, [bridge](const rte_mbuf* m) { deliver_punt(*bridge, m); });
        control.metrics().add([bridge](MetricsWriter& out) { write_wss_metrics(bridge->stats(), out); });
        control.on_reload([bridge, &control](const config::Config& fresh) {
            reload_bridge(*bridge, control.config(), fresh);
        });
    }
    WssService(const WssService&) = delete;
    WssService& operator=(const WssService&) = delete;

private:
    static RemoteLookup registry_keys(registry::RegistryClient& registry) {
        return [&registry](uint32_t node_id, KeyCallback done) {
            registry.lookup_public_key(node_id, [done = std::move(done)](const registry::LookupResult& result) {
                KeyAnswer answer;
                answer.key = result.key;
                switch (result.status) {
                    case registry::LookupStatus::Found: answer.status = KeyStatus::Found; break;
                    case registry::LookupStatus::Unknown: answer.status = KeyStatus::Unknown; break;
                    case registry::LookupStatus::Failed:
                        answer.status = result.reason == registry::Failure::Disabled ? KeyStatus::Unknown
                                                                                      : KeyStatus::Failed;
                        break;
                }
                done(answer);
            });
        };
    }

    std::unique_ptr<Bridge> bridge_;
};

}  // namespace pb::cp::wss
