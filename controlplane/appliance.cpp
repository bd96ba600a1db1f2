// controlplane/appliance.cpp — bring-up in order: signals blocked for the
// EAL's threads, EAL, dataplane (port configured, not started), control
// plane and its listeners, then the port and the workers.
#include "controlplane/appliance.hpp"

#include <rte_ether.h>

#include <csignal>

#include "common/log/log.hpp"
#include "controlplane/control_plane.hpp"
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

}  // namespace

int run_appliance(const config::Config& cfg, const char* program_name, ConfigSource reload_source) {
    block_process_signals();
    dp::Eal eal(dp::eal_arguments(cfg, program_name));
    dp::Dataplane dataplane(cfg);
    ControlPlane control(cfg, dataplane);
    control.set_config_source(std::move(reload_source));

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
