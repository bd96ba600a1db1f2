// controlplane/appliance.cpp — bring-up, worker launch, the main-lcore loop
// (signals, link state, node expiry, punted frames) and an orderly shutdown
// that returns every mbuf to its pool.
#include "controlplane/appliance.hpp"

#include <rte_ether.h>
#include <rte_mbuf.h>

#include <csignal>
#include <ctime>

#include "common/log/log.hpp"
#include "dataplane/dataplane.hpp"
#include "dataplane/eal.hpp"

namespace pb::cp {

namespace {

std::string mac_text(const rte_ether_addr& mac) {
    char text[RTE_ETHER_ADDR_FMT_SIZE];
    rte_ether_format_addr(text, sizeof text, &mac);
    return text;
}

// Signals are taken synchronously by the main lcore: blocked here, before
// the EAL starts its threads, so that every thread inherits the mask.
sigset_t block_shutdown_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    return set;
}

// Waits up to one second; returns the signal taken, or 0.
int wait_for_signal(const sigset_t& set) {
    const timespec one_second{1, 0};
    const int sig = sigtimedwait(&set, nullptr, &one_second);
    return sig > 0 ? sig : 0;
}

// Frames the workers punted (gossip Sync, relays for WSS peers). Their
// consumers are the gossip and WSS services; until those run in this
// process the frames are counted and released so that no ring fills.
uint64_t release_punted(dp::Dataplane& dataplane) {
    uint64_t released = 0;
    rte_mbuf* frames[64];
    for (unsigned w = 0; w < dataplane.worker_count(); ++w) {
        unsigned n;
        while ((n = rte_ring_dequeue_burst(dataplane.to_control(w), reinterpret_cast<void**>(frames), 64, nullptr)) > 0) {
            rte_pktmbuf_free_bulk(frames, n);
            released += n;
        }
    }
    return released;
}

// Node expiry (TTL) and limiter hygiene, on the workers' clock.
void sweep_expired(dp::BeaconState& beacon, const dp::Now& now, uint32_t node_ttl_s) {
    const size_t removed = beacon.nodes.reap_all(now.s, node_ttl_s);
    const size_t sources = beacon.relay_budget.sweep(now.ns) + beacon.punch_per_ip.sweep(now.ns) +
                           beacon.reply_budget.sweep(now.ns);
    log::debug("nodes", "expiry sweep",
               {{"removed", removed}, {"nodes", beacon.nodes.size()}, {"limiter_sources_released", sources}});
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

int run_appliance(const config::Config& cfg, const char* program_name) {
    const sigset_t signals = block_shutdown_signals();
    dp::Eal eal(dp::eal_arguments(cfg, program_name));
    dp::Dataplane dataplane(cfg);
    log_port(cfg, dataplane.port());
    dataplane.launch();
    log::info("beacon", "serving",
              {{"port", cfg.beacon.port}, {"workers", dataplane.worker_count()},
               {"max_nodes", cfg.beacon.max_nodes},
               {"ipv4", cfg.port.ipv4.address ? cfg.port.ipv4.address->to_string() : std::string("-")},
               {"ipv6", cfg.port.ipv6.address ? cfg.port.ipv6.address->to_string() : std::string("-")}});

    const dp::Clock& clock = dataplane.clock();
    uint32_t next_sweep_s = cfg.beacon.timers.sweep_interval_s;
    uint64_t punted_released = 0;
    bool link_was_up = dataplane.port().link_up();
    int sig = 0;
    while ((sig = wait_for_signal(signals)) == 0) {
        if (const bool up = dataplane.port().link_up(); up != link_was_up) {
            log::write(up ? log::Level::Info : log::Level::Warn, "port", up ? "link up" : "link down",
                       {{"link", dataplane.port().link_description()}});
            link_was_up = up;
        }
        punted_released += release_punted(dataplane);
        if (const dp::Now now = clock.now(); now.s >= next_sweep_s) {
            sweep_expired(dataplane.beacon(), now, cfg.beacon.timers.node_ttl_s);
            next_sweep_s = now.s + cfg.beacon.timers.sweep_interval_s;
        }
    }
    log::info("beacon", "stopping",
              {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}, {"punted_released", punted_released}});
    if (!dataplane.stop()) {
        log::error("port", "mbufs leaked at shutdown");
        return 1;
    }
    log::info("beacon", "stopped; every mbuf returned to its pool");
    return 0;
}

}  // namespace pb::cp
