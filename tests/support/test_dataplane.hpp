// tests/support/test_dataplane.hpp — the appliance's packet path, in process:
// a RingPort, the LocalInterface built from a pb::config::Config exactly as
// pilot-beacond builds it, the shared BeaconState, a manual Clock, and per
// queue pair one pb::dp::Worker with its own counters and control channels
// (to_control / from_control), polled from the test thread. Everything the
// workers need is constructed here, in one place, so that new per-worker
// context is added once for every dataplane test.
#pragma once

#include <rte_ring.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "common/config/config.hpp"
#include "dataplane/beacon/beacon_state.hpp"
#include "dataplane/channels.hpp"
#include "dataplane/clock.hpp"
#include "dataplane/local_interface.hpp"
#include "dataplane/worker_set.hpp"
#include "tests/support/counter_snapshot.hpp"
#include "tests/support/ring_port.hpp"

namespace pb::test {

// Our side: 10.77.0.1/24, fd77::1/64, beacon port 9001, untagged, two
// queues, tables sized for tests (beacon.max_nodes 4096).
config::Config ring_test_config();

// The manual clock starts at this many seconds (not 0: "never" in some tables)
// and Unix time kTestUnixEpoch + that.
inline constexpr uint32_t kTestClockStartS = 1000;
inline constexpr int64_t kTestUnixEpoch = 1'750'000'000;

// A daemon (or peer beacon) on the data port's link, numbered from 2:
// MAC 02:00:00:00:00:nn, 10.77.0.nn, fd77::nn, fe80::nn, UDP port 40000 + nn.
struct TestPeer {
    Mac mac{};
    net::IpAddress ipv4, ipv6, ipv6_link_local;
    uint16_t port = 0;

    const net::IpAddress& address(net::Family family) const { return family == net::Family::V4 ? ipv4 : ipv6; }
};
TestPeer test_peer(uint8_t n);

// A frame a worker handed to the control plane.
struct Punted {
    dp::PuntReason reason{};
    Bytes frame;
};

// Not copyable or movable (RingPort is not; workers hold references).
class TestDataplane {
public:
    explicit TestDataplane(const config::Config& cfg);

    const config::Config& config() const { return cfg_; }
    RingPort& port() { return port_; }
    const dp::LocalInterface& iface() const { return iface_; }
    dp::BeaconState& beacon() { return *beacon_; }
    // Manual: time moves only when a test moves it (advance_s / set).
    dp::Clock& clock() { return clock_; }

    // Worker i polls queue i.
    std::size_t worker_count() const { return workers_->size(); }
    dp::Worker& worker(std::size_t i) { return workers_->worker(unsigned(i)); }
    const dp::WorkerCounters& counters(std::size_t worker) const { return workers_->counters(unsigned(worker)); }
    CounterSnapshot counter_snapshot(std::size_t worker) const { return CounterSnapshot(counters(worker)); }
    const dp::frag::FragCounters& frag_counters(std::size_t worker) const {
        return workers_->frag_counters(unsigned(worker));
    }
    CounterSnapshot counter_totals() const;

    // Polls every worker once per round until a round receives nothing;
    // returns the frames received (port and control channel). Fails the
    // test if frames are still arriving after `max_rounds`.
    unsigned poll_all(unsigned max_rounds = 64);

    // Frames `worker` punted to the control plane since the last call (drained).
    std::vector<Punted> drain_punts(std::size_t worker);
    // Queues a frame for `worker` as the control plane does.
    void inject_from_control(std::size_t worker, dp::InjectKind kind, const Bytes& frame);

private:
    // Destroyed bottom-up: workers (their held frames freed) before what
    // they reference, and before the port's pool.
    config::Config cfg_;
    RingPort port_;
    dp::LocalInterface iface_;
    std::unique_ptr<dp::BeaconState> beacon_;
    dp::Clock clock_;
    std::unique_ptr<dp::WorkerSet> workers_;
};

}  // namespace pb::test
