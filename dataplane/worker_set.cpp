// dataplane/worker_set.cpp — per-worker assembly and teardown.
#include "dataplane/worker_set.hpp"

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <bit>
#include <stdexcept>

#include "dataplane/channels.hpp"
#include "dataplane/frag/fragmenter.hpp"

namespace pb::dp {

namespace {

constexpr size_t kHotLogRecordsPerWorker = 1024;

// Indirect mbufs (no data room) that egress fragments point through:
// every TX descriptor plus two datagrams' worth of fragments per worker.
rte_mempool* create_indirect_pool(const std::string& name, const config::Config& cfg, uint16_t queues,
                                  unsigned workers) {
    const uint64_t wanted =
        uint64_t(queues) * cfg.port.tx_desc + uint64_t(workers) * (2 * frag::kMaxEgressFragments + 256);
    const auto size = uint32_t(std::bit_ceil(wanted + 1) - 1);
    rte_mempool* pool = rte_pktmbuf_pool_create(name.c_str(), size, 256, 0, 0, int(rte_socket_id()));
    if (!pool)
        throw std::runtime_error("creating the indirect mbuf pool " + name + " of " + std::to_string(size) +
                                 " failed: " + rte_strerror(rte_errno));
    return pool;
}

}  // namespace

WorkerSet::WorkerSet(const config::Config& cfg, const Wiring& w)
    : counters_(w.workers), frag_counters_(w.workers), hot_logs_(w.workers, kHotLogRecordsPerWorker) {
    const std::string& p = w.name_prefix;
    const unsigned ring_size = cfg.dataplane.ring_size;
    indirect_pool_ = create_indirect_pool(p + "_indirect", cfg, w.queues, w.workers);
    for (unsigned i = 0; i < w.workers; ++i) {
        const std::string n = std::to_string(i);
        to_control_.push_back(create_channel(p + "_toc" + n, ring_size, ChannelProducers::One));
        from_control_.push_back(create_channel(p + "_frc" + n, ring_size, ChannelProducers::One));
        fragment_inboxes_.push_back(create_channel(p + "_frag" + n, ring_size, ChannelProducers::Many));
        reassemblers_.push_back(std::make_unique<frag::Reassembler>(
            frag::ReassemblerConfig{cfg.dataplane.frag.max_datagrams, cfg.dataplane.frag.timeout_ms,
                                    cfg.dataplane.frag.max_held_mbufs, int(rte_socket_id())},
            frag_counters_[i]));
    }
    for (unsigned i = 0; i < w.workers; ++i) {
        HotLogSites& sites = log_sites_.emplace_back(cfg.log.hot_path_per_s);
        workers_.emplace_back(WorkerResources{w.iface, w.beacon, counters_[i], w.clock, w.pool, to_control_[i],
                                              from_control_[i], i, fragment_inboxes_, *reassemblers_[i],
                                              frag_counters_[i], indirect_pool_, hot_logs_.for_worker(i), sites},
                              cfg.dataplane.burst, cfg.dataplane.idle_backoff);
    }
    for (uint16_t q = 0; q < w.queues; ++q) workers_[q % w.workers].add_queue({w.port_id, q});
}

WorkerSet::~WorkerSet() {
    workers_.clear();
    release_held_frames();
    reassemblers_.clear();
    for (auto* rings : {&to_control_, &from_control_, &fragment_inboxes_})
        for (rte_ring* ring : *rings) rte_ring_free(ring);
    rte_mempool_free(indirect_pool_);
}

bool WorkerSet::release_held_frames() {
    for (auto* rings : {&to_control_, &from_control_, &fragment_inboxes_})
        for (rte_ring* ring : *rings) drain_channel(ring);
    for (auto& reassembler : reassemblers_) reassembler->flush();
    return rte_mempool_full(indirect_pool_) != 0;
}

}  // namespace pb::dp
