// controlplane/appliance.cpp — bring-up, worker launch, signal wait and an
// orderly shutdown that returns every mbuf to its pool.
#include "controlplane/appliance.hpp"

#include <rte_ether.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include <atomic>
#include <csignal>
#include <ctime>
#include <deque>
#include <stdexcept>
#include <vector>

#include "common/log/log.hpp"
#include "dataplane/eal.hpp"
#include "dataplane/port.hpp"
#include "dataplane/worker.hpp"

namespace pb::cp {

namespace {

std::atomic<bool> g_stop_workers{false};

int worker_main(void* arg) {
    static_cast<dp::Worker*>(arg)->run(g_stop_workers);
    return 0;
}

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

}  // namespace

int run_appliance(const config::Config& cfg, const char* program_name) {
    const sigset_t signals = block_shutdown_signals();
    dp::Eal eal(dp::eal_arguments(cfg, program_name));

    const unsigned workers = rte_lcore_count() - 1;
    if (workers == 0)
        throw std::runtime_error("dpdk.lcores '" + cfg.dpdk.lcores +
                                 "' names one lcore; the first is the control plane, at least one worker is needed");
    const uint16_t queues = cfg.port.queues != 0 ? cfg.port.queues : uint16_t(workers);
    if (queues < workers)
        throw std::runtime_error("port.queues " + std::to_string(queues) + " is below the " + std::to_string(workers) +
                                 " worker lcores of dpdk.lcores; every worker needs a queue pair");

    dp::Port port(cfg, queues, workers);
    const dp::PortInfo& info = port.info();
    dp::LocalInterface iface = dp::local_interface_from_config(cfg);
    iface.port_id = info.port_id;
    iface.mac = info.mac;
    iface.ipv6_link_local = dp::link_local_from_mac(info.mac);
    iface.offloads = info.tx_offloads;

    std::vector<dp::WorkerCounters> counters(workers);
    std::deque<dp::Worker> worker_loops;
    for (unsigned w = 0; w < workers; ++w)
        worker_loops.emplace_back(iface, counters[w], cfg.dataplane.burst, cfg.dataplane.idle_backoff);
    for (uint16_t q = 0; q < queues; ++q)
        if (!worker_loops[q % workers].add_queue({info.port_id, q}))
            throw std::runtime_error("too many queue pairs per worker (at most " +
                                     std::to_string(dp::kMaxQueuesPerWorker) + ")");

    log::info("port", "started",
              {{"device", cfg.port.device}, {"driver", info.driver}, {"mac", mac_text(info.mac)},
               {"queues", info.queues}, {"rss", info.rss_hash_types != 0}, {"mbufs", info.mbufs},
               {"rx_checksum_offload", info.rx_checksum_offload},
               {"tx_checksum_offload", info.tx_offloads.udp_checksum}, {"link", port.link_description()}});

    g_stop_workers = false;
    unsigned next = 0;
    unsigned lcore_id;
    RTE_LCORE_FOREACH_WORKER(lcore_id) {
        rte_eal_remote_launch(worker_main, &worker_loops[next], lcore_id);
        log::info("worker", "polling", {{"lcore", lcore_id}, {"worker", next}});
        ++next;
    }
    log::info("beacon", "serving",
              {{"port", cfg.beacon.port},
               {"ipv4", cfg.port.ipv4.address ? cfg.port.ipv4.address->to_string() : std::string("-")},
               {"ipv6", cfg.port.ipv6.address ? cfg.port.ipv6.address->to_string() : std::string("-")}});

    bool link_was_up = port.link_up();
    int sig = 0;
    while ((sig = wait_for_signal(signals)) == 0) {
        if (const bool up = port.link_up(); up != link_was_up) {
            log::write(up ? log::Level::Info : log::Level::Warn, "port", up ? "link up" : "link down",
                       {{"link", port.link_description()}});
            link_was_up = up;
        }
    }
    log::info("beacon", "stopping", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
    g_stop_workers = true;
    rte_eal_mp_wait_lcore();
    port.close();
    if (!port.all_mbufs_returned()) {
        log::error("port", "mbufs leaked at shutdown");
        return 1;
    }
    log::info("beacon", "stopped; every mbuf returned to its pool");
    return 0;
}

}  // namespace pb::cp
