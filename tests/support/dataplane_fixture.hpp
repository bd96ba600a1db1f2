// tests/support/dataplane_fixture.hpp — the GoogleTest fixture of the
// dataplane tests: a fresh TestDataplane (two queues, one worker each) per
// test, frames addressed from test peers to us, inject → poll → drain in
// one call, counters by name, and a leak check after every test (every mbuf
// back in the pool once the TX rings and control channels are drained,
// nothing left on the RX rings).
//
// Derive and override configure() to change the configuration (VLAN,
// addresses, beacon limits) before the dataplane is built:
//
//   class TaggedPort : public DataplaneFixture {
//       void configure(config::Config& cfg) override { cfg.port.vlan = 100; }
//   };
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/frame_builder.hpp"
#include "tests/support/frame_parser.hpp"
#include "tests/support/test_dataplane.hpp"

namespace pb::test {

class DataplaneFixture : public ::testing::Test {
protected:
    // Called with ring_test_config() before the dataplane is built.
    virtual void configure(config::Config& cfg) { (void)cfg; }

    void SetUp() override;
    void TearDown() override;

    TestDataplane& dataplane() { return *dataplane_; }
    const dp::LocalInterface& iface() const { return dataplane_->iface(); }
    Mac our_mac() const { return mac_of(iface().mac); }
    net::IpAddress our_address(net::Family family) const;

    // Ethernet from `peer` to our MAC, tagged with the port's VLAN if any.
    FrameBuilder ethernet_from(const TestPeer& peer) const;
    // ethernet_from() plus IP from `peer` to our address of `family`. Add the L4 part.
    FrameBuilder frame_from(const TestPeer& peer, net::Family family) const;
    // A broadcast ARP request from `peer` for `target` (VLAN as above).
    FrameBuilder arp_from(const TestPeer& peer, const net::IpAddress& target) const;
    // A UDP datagram from `peer`'s port to the beacon port.
    Bytes beacon_datagram(const TestPeer& peer, net::Family family, Bytes payload) const;

    void inject(uint16_t queue, const Bytes& frame) { dataplane_->port().inject(queue, frame); }
    // Injects `frame` on `queue`, polls every worker, and returns what was
    // transmitted on `queue`; anything sent on another queue fails the test.
    std::vector<Bytes> exchange(uint16_t queue, const Bytes& frame);
    std::vector<Bytes> drain_tx(uint16_t queue) { return dataplane_->port().drain_tx(queue); }
    // Frames transmitted on any queue (drained).
    std::vector<Bytes> drain_all_tx();
    // Frames `worker` handed to the control plane (drained).
    std::vector<Punted> drain_punts(std::size_t worker) { return dataplane_->drain_punts(worker); }

    // exchange() that expects exactly one frame back, parsed completely;
    // nullopt (with the failure recorded) otherwise.
    std::optional<ParsedFrame> single_reply(uint16_t queue, const Bytes& frame);
    // exchange() that expects nothing sent on any queue and exactly one
    // outcome counter, `counter`, moved by one.
    void expect_dropped(const Bytes& frame, const std::string& counter, uint16_t queue = 0);
    // exchange() that expects nothing sent, exactly `counter` moved by one,
    // and the frame handed unchanged to the control plane by the worker of
    // `queue`, tagged `reason`.
    void expect_punted(const Bytes& frame, const std::string& counter, dp::PuntReason reason, uint16_t queue = 0);

    CounterSnapshot counters() const { return dataplane_->counter_totals(); }
    Outcomes outcomes() const { return counters().outcomes(); }

    const TestPeer peer = test_peer(2);

private:
    std::unique_ptr<TestDataplane> dataplane_;
};

}  // namespace pb::test
