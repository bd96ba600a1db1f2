// pktgen/worker.hpp — one worker lcore: its queue pair, its generator and
// receiver, its counters, sequence tracker and histograms. The main lcore
// launches run_worker on every worker for each phase (resolve, register,
// traffic, drain) and reads or resets a worker's results only between
// phases (counters also during one: they are relaxed atomics).
#pragma once

#include <cstdint>
#include <memory>

#include "pktgen/egress.hpp"
#include "pktgen/generator.hpp"
#include "pktgen/histogram.hpp"
#include "pktgen/receiver.hpp"
#include "pktgen/sequence.hpp"
#include "pktgen/shared_state.hpp"
#include "pktgen/stats.hpp"

namespace pb::pktgen {

struct Worker {
    Worker(SharedState& shared, const GeneratorSetup& setup, unsigned index);

    // Clears the counters, tracker and histograms (between phases only).
    void reset_results();

    SharedState& shared;
    unsigned index;
    uint16_t queue;
    Generator generator;
    WorkerCounters counters;
    SequenceTracker tracker;
    Histogram relay_latency;
    Histogram reply_latency;
    Receiver receiver;
    std::unique_ptr<EgressFragmenter> fragmenter;  // only for scenarios with large relays
};

// rte_eal_remote_launch entry point: runs shared.phase on the Worker `arg`.
int run_worker(void* arg);

}  // namespace pb::pktgen
