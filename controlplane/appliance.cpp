// controlplane/appliance.cpp — bring-up in order: signals blocked for the
// EAL's threads, EAL, dataplane (port configured, not started), control
// plane and its listeners, then the port and the workers.
#include "controlplane/appliance.hpp"

#include <rte_ether.h>

#include <csignal>

#include "common/log/log.hpp"
#include "controlplane/control_plane.hpp"
#include "controlplane/dataplane_metrics.hpp"
#include "controlplane/gossip/gossip_service.hpp"
#include "controlplane/http/health_service.hpp"
#include "controlplane/http/live_dataplane_view.hpp"
#include "controlplane/neighbours/neighbour_service.hpp"
#include "controlplane/registry/registry_service.hpp"
#include "controlplane/service_notifier.hpp"
#include "controlplane/telemetry.hpp"
#include "controlplane/wss/wss_service.hpp"
#include "dataplane/dataplane.hpp"
#include "dataplane/eal.hpp"

namespace pb::cp {

namespace {

std::string mac_text(const rte_ether_addr& mac) {
    char text[RTE_ETHER_ADDR_FMT_SIZE];
    rte_ether_format_addr(text, sizeof text, &mac);
    return text;
}

// Every thread the EAL starts inherits this mask; the control plane
// unblocks the signals on the main thread only.
void block_process_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void log_port(const config::Config& cfg, const dp::Port& port) {
    const dp::PortInfo& info = port.info();
    log::info("port", "started",
              {{"device", cfg.port.device}, {"driver", info.driver}, {"mac", mac_text(info.mac)},
               {"queues", info.queues}, {"rss", info.rss_hash_types != 0}, {"mbufs", info.mbufs},
               {"rx_checksum_offload", info.rx_checksum_offload},
               {"tx_checksum_offload", info.tx_offloads.udp_checksum}, {"link", port.link_description()}});
}

// systemd's STATUS= line while serving.
std::string serving_status(const config::Config& cfg, unsigned workers) {
    std::string where;
    for (const auto& address : {cfg.port.ipv4.address, cfg.port.ipv6.address})
        if (address) where += (where.empty() ? "" : " ") + address->to_string();
    return "serving: beacon port " + std::to_string(cfg.beacon.port) + " on " + where + ", " +
           std::to_string(workers) + " workers";
}

}  // namespace

int run_appliance(const config::Config& cfg, const char* program_name, ConfigSource reload_source) {
    block_process_signals();
    dp::Eal eal(dp::eal_arguments(cfg, program_name));
    dp::Dataplane dataplane(cfg);
    ControlPlane control(cfg, dataplane);
    control.set_config_source(std::move(reload_source));
    // Operator endpoints: listening before the port starts (ARCHITECTURE.md §6).
    LiveDataplaneView view(dataplane);
    register_beacon_metrics(control, view);
    ServiceNotifier notifier(SystemdNotify::from_environment(), control.lifecycle(), view,
                             serving_status(cfg, dataplane.worker_count()));
    control.set_observer(notifier);
    http::HealthService health(control.io(), cfg.control.health, control.lifecycle(), view, control.metrics());
    Telemetry telemetry(cfg.control.telemetry, view, control.lifecycle());
    PacketCapture capture;
    registry::RegistryService registry(control);  // first cycle when the loop runs
    // Gossip with peer beacons (static list + the registry's) and the neighbour table it sends through.
    nbr::NeighbourService neighbours(control);
    gossip::GossipService gossip(control, neighbours);
    registry.client().on_peers([&gossip](const std::vector<net::Endpoint>& peers) { gossip.set_dynamic_peers(peers); });
    wss::WssService wss(control, registry.client());  // the WSS compat bridge, when control.wss.bind is set

    dataplane.launch();
    log_port(cfg, dataplane.port());
    log::info("beacon", "serving",
              {{"port", cfg.beacon.port}, {"workers", dataplane.worker_count()},
               {"max_nodes", cfg.beacon.max_nodes},
               {"ipv4", cfg.port.ipv4.address ? cfg.port.ipv4.address->to_string() : std::string("-")},
               {"ipv6", cfg.port.ipv6.address ? cfg.port.ipv6.address->to_string() : std::string("-")}});
    return control.run();
}

}  // namespace pb::cp
