// dataplane/dataplane.cpp — assembling, launching and stopping the dataplane.
#include "dataplane/dataplane.hpp"

#include <rte_launch.h>
#include <rte_lcore.h>

#include <rte_errno.h>

#include <bit>
#include <stdexcept>
#include <string>

namespace pb::dp {

namespace {

// Indirect mbufs (no data room) that egress fragments point through:
// every TX descriptor plus two datagrams' worth of fragments per worker.
rte_mempool* create_indirect_pool(const config::Config& cfg, uint16_t queues, unsigned workers) {
    const uint64_t wanted = uint64_t(queues) * cfg.port.tx_desc + uint64_t(workers) * (2 * frag::kMaxEgressFragments + 256);
    const auto size = uint32_t(std::bit_ceil(wanted + 1) - 1);
    rte_mempool* pool = rte_pktmbuf_pool_create("pb_indirect", size, 256, 0, 0, int(rte_socket_id()));
    if (!pool) throw std::runtime_error("creating the indirect mbuf pool of " + std::to_string(size) +
                                        " failed: " + rte_strerror(rte_errno));
    return pool;
}

}  // namespace

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

    counters_ = std::vector<WorkerCounters>(workers);
    frag_counters_ = std::vector<frag::FragCounters>(workers);
    indirect_pool_ = create_indirect_pool(cfg, queues, workers);
    for (unsigned w = 0; w < workers; ++w) {
        fragment_inboxes_.push_back(create_channel("pb_frag_in_" + std::to_string(w), cfg.dataplane.ring_size,
                                                   ChannelProducers::Many));
        reassemblers_.push_back(std::make_unique<frag::Reassembler>(
            frag::ReassemblerConfig{cfg.dataplane.frag.max_datagrams, cfg.dataplane.frag.timeout_ms,
                                    cfg.dataplane.frag.max_held_mbufs, int(rte_socket_id())},
            frag_counters_[w]));
    }
    for (unsigned w = 0; w < workers; ++w) {
        to_control_.push_back(
            create_channel("pb_to_ctl_" + std::to_string(w), cfg.dataplane.ring_size, ChannelProducers::One));
        from_control_.push_back(
            create_channel("pb_from_ctl_" + std::to_string(w), cfg.dataplane.ring_size, ChannelProducers::One));
        workers_.emplace_back(WorkerResources{iface_, *beacon_, counters_[w], clock_, port_->pool(), to_control_[w],
                                              from_control_[w], w, fragment_inboxes_, *reassemblers_[w],
                                              frag_counters_[w], indirect_pool_},
                              cfg.dataplane.burst, cfg.dataplane.idle_backoff);
    }
    for (uint16_t q = 0; q < queues; ++q) workers_[q % workers].add_queue({info.port_id, q});
}

Dataplane::~Dataplane() {
    stop();
    for (auto* rings : {&to_control_, &from_control_, &fragment_inboxes_})
        for (rte_ring* ring : *rings) rte_ring_free(ring);
    rte_mempool_free(indirect_pool_);
}

int Dataplane::worker_main(void* arg) {
    auto* args = static_cast<LaunchArgs*>(arg);
    args->worker->run(*args->stop);
    return 0;
}

void Dataplane::launch() {
    port_->start();
    launch_args_.clear();
    for (Worker& worker : workers_) launch_args_.push_back({&worker, &stop_});
    stop_ = false;
    unsigned next = 0, lcore_id;
    RTE_LCORE_FOREACH_WORKER(lcore_id) rte_eal_remote_launch(worker_main, &launch_args_[next++], lcore_id);
    launched_ = true;
}

bool Dataplane::stop() {
    if (launched_) {
        stop_ = true;
        rte_eal_mp_wait_lcore();
        launched_ = false;
    }
    port_->close();
    for (auto* rings : {&to_control_, &from_control_, &fragment_inboxes_})
        for (rte_ring* ring : *rings) drain_channel(ring);
    for (auto& reassembler : reassemblers_) reassembler->flush();
    return port_->all_mbufs_returned() && rte_mempool_full(indirect_pool_);
}

}  // namespace pb::dp
