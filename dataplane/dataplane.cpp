// dataplane/dataplane.cpp — assembling, launching and stopping the dataplane.
#include "dataplane/dataplane.hpp"

#include <rte_launch.h>
#include <rte_lcore.h>

#include <stdexcept>
#include <string>

#include "common/log/log.hpp"

namespace pb::dp {

Dataplane::Dataplane(const config::Config& cfg) : clock_(Clock::from_tsc()) {
    const unsigned workers = rte_lcore_count() - 1;
    if (workers == 0)
        throw std::runtime_error("dpdk.lcores '" + cfg.dpdk.lcores +
                                 "' names one lcore; the first is the control plane, at least one worker is needed");
    const uint16_t queues = cfg.port.queues != 0 ? cfg.port.queues : uint16_t(workers);
    if (queues < workers)
        throw std::runtime_error("port.queues " + std::to_string(queues) + " is below the " + std::to_string(workers) +
                                 " worker lcores of dpdk.lcores; every worker needs a queue pair");
    if (queues > workers * kMaxQueuesPerWorker)
        throw std::runtime_error("port.queues " + std::to_string(queues) + " exceeds " +
                                 std::to_string(kMaxQueuesPerWorker) + " queue pairs per worker");

    port_ = std::make_unique<Port>(cfg, queues, workers);
    const PortInfo& info = port_->info();
    iface_ = local_interface_from_config(cfg);
    iface_.port_id = info.port_id;
    iface_.mac = info.mac;
    iface_.ipv6_link_local = link_local_from_mac(info.mac);
    iface_.offloads = info.tx_offloads;
    beacon_ = std::make_unique<BeaconState>(cfg);
    workers_ = std::make_unique<WorkerSet>(
        cfg, WorkerSet::Wiring{iface_, *beacon_, clock_, port_->pool(), info.port_id, queues, workers, "pb"});
    unsigned lcore_id;
    RTE_LCORE_FOREACH_WORKER(lcore_id) worker_lcores_.push_back(lcore_id);
}

Dataplane::~Dataplane() { stop(); }

int Dataplane::worker_main(void* arg) {
    auto* args = static_cast<LaunchArgs*>(arg);
    args->worker->run(*args->stop);
    return 0;
}

void Dataplane::launch() {
    port_->start();
    launch_args_.clear();
    for (unsigned w = 0; w < workers_->size(); ++w) launch_args_.push_back({&workers_->worker(w), &stop_});
    stop_ = false;
    for (unsigned w = 0; w < worker_lcores_.size(); ++w)
        rte_eal_remote_launch(worker_main, &launch_args_[w], worker_lcores_[w]);
    launched_ = true;
}

bool Dataplane::stop() {
    if (launched_) {
        stop_ = true;
        rte_eal_mp_wait_lcore();
        launched_ = false;
    }
    port_->close();
    const bool indirect_full = workers_->release_held_frames();
    const uint32_t outstanding = port_->mbufs_outstanding();
    if (outstanding > port_->mbufs_driver_may_keep())
        log::error("port", "mbufs not returned at shutdown",
                   {{"driver", port_->info().driver}, {"outstanding", outstanding},
                    {"driver_may_keep", port_->mbufs_driver_may_keep()}});
    else if (outstanding > 0)
        log::warn("port", "mbufs kept by the driver after close (known net_af_xdp defect in DPDK 22.11)",
                  {{"driver", port_->info().driver}, {"mbufs", outstanding}});
    return outstanding <= port_->mbufs_driver_may_keep() && indirect_full;
}

}  // namespace pb::dp
