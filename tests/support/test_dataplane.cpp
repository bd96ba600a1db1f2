// tests/support/test_dataplane.cpp — builds and polls the in-process dataplane
// (the same assembly as dp::Dataplane, minus lcores and the TSC clock).
#include "tests/support/test_dataplane.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>

#include "tests/support/mbuf_frames.hpp"

namespace pb::test {

namespace {

net::IpPrefix prefix(std::string_view text) {
    const auto parsed = net::IpPrefix::parse(text);
    if (!parsed) throw std::invalid_argument("not a prefix: " + std::string(text));
    return *parsed;
}

RingPortOptions port_options(const config::Config& cfg) {
    RingPortOptions options;
    options.queues = cfg.port.queues;
    return options;
}

// What dp::Dataplane does once the port is configured.
dp::LocalInterface interface_for(const config::Config& cfg, const RingPort& port) {
    dp::LocalInterface iface = dp::local_interface_from_config(cfg);
    iface.port_id = port.port_id();
    iface.mac = port.mac();
    iface.ipv6_link_local = dp::link_local_from_mac(port.mac());
    iface.offloads = {};  // net_ring offers no checksum offloads
    return iface;
}

dp::Clock test_clock() {
    dp::Clock clock = dp::Clock::manual(kTestUnixEpoch);
    clock.set(uint64_t(kTestClockStartS) * 1'000'000'000ull);
    return clock;
}

}  // namespace

config::Config ring_test_config() {
    config::Config cfg;
    cfg.port.device = "net_ring";  // informational: the harness creates the port itself
    cfg.port.queues = 2;
    cfg.port.ipv4.address = prefix("10.77.0.1/24");
    cfg.port.ipv6.address = prefix("fd77::1/64");
    cfg.beacon.port = 9001;
    cfg.beacon.max_nodes = 4096;
    cfg.dataplane.ring_size = 1024;
    cfg.dataplane.idle_backoff.enabled = false;
    return cfg;
}

TestPeer test_peer(uint8_t n) {
    TestPeer peer;
    peer.mac = {0x02, 0, 0, 0, 0, n};
    peer.ipv4 = ip("10.77.0." + std::to_string(n));
    char v6[32];
    std::snprintf(v6, sizeof v6, "fd77::%x", n);
    peer.ipv6 = ip(v6);
    std::snprintf(v6, sizeof v6, "fe80::%x", n);
    peer.ipv6_link_local = ip(v6);
    peer.port = uint16_t(40000 + n);
    return peer;
}

TestDataplane::TestDataplane(const config::Config& cfg)
    : cfg_(cfg),
      port_(port_options(cfg)),
      iface_(interface_for(cfg, port_)),
      beacon_(std::make_unique<dp::BeaconState>(cfg)),
      clock_(test_clock()),
      workers_(std::make_unique<dp::WorkerSet>(
          cfg, dp::WorkerSet::Wiring{iface_, *beacon_, clock_, port_.pool(), port_.port_id(), cfg.port.queues,
                                     cfg.port.queues, port_.name()})) {}

CounterSnapshot TestDataplane::counter_totals() const {
    CounterSnapshot total;
    for (std::size_t w = 0; w < worker_count(); ++w) total += counter_snapshot(w);
    return total;
}

unsigned TestDataplane::poll_all(unsigned max_rounds) {
    unsigned total = 0;
    for (unsigned round = 0; round < max_rounds; ++round) {
        unsigned received = 0;
        for (std::size_t w = 0; w < worker_count(); ++w) received += worker(w).poll_once();
        if (received == 0) return total;
        total += received;
    }
    ADD_FAILURE() << "frames still arriving after " << max_rounds << " polling rounds";
    return total;
}

std::vector<Punted> TestDataplane::drain_punts(std::size_t worker) {
    std::vector<Punted> punted;
    void* m = nullptr;
    while (rte_ring_dequeue(workers_->to_control(unsigned(worker)), &m) == 0) {
        auto* mbuf = static_cast<rte_mbuf*>(m);
        punted.push_back({dp::PuntReason(dp::tag_of(mbuf)), frame_from_mbuf(mbuf)});
        rte_pktmbuf_free(mbuf);
    }
    return punted;
}

void TestDataplane::inject_from_control(std::size_t worker, dp::InjectKind kind, const Bytes& frame) {
    rte_mbuf* m = mbuf_from_frame(port_.pool(), frame);
    dp::tag(m, uint32_t(kind));
    if (rte_ring_enqueue(workers_->from_control(unsigned(worker)), m) != 0) {
        rte_pktmbuf_free(m);
        throw std::runtime_error("from_control channel of worker " + std::to_string(worker) + " is full");
    }
}

}  // namespace pb::test
