// tests/support/dataplane_fixture.cpp — per-test dataplane lifetime, frame
// shortcuts and the leak check.
#include "tests/support/dataplane_fixture.hpp"

#include <stdexcept>

namespace pb::test {

void DataplaneFixture::SetUp() {
    config::Config cfg = ring_test_config();
    configure(cfg);
    dataplane_ = std::make_unique<TestDataplane>(cfg);
}

void DataplaneFixture::TearDown() {
    if (!dataplane_) return;
    RingPort& port = dataplane_->port();
    for (uint16_t q = 0; q < port.queues(); ++q) {
        EXPECT_EQ(port.rx_pending(q), 0u) << "frames injected on queue " << q << " were never polled";
        port.drain_tx(q);
        dataplane_->drain_punts(q);
    }
    EXPECT_TRUE(port.mempool_full()) << port.mbufs_in_use() << " mbufs not returned to the pool";
    dataplane_.reset();
}

net::IpAddress DataplaneFixture::our_address(net::Family family) const {
    const auto& address = family == net::Family::V4 ? dataplane_->config().port.ipv4.address
                                                    : dataplane_->config().port.ipv6.address;
    if (!address) throw std::logic_error("the test configuration has no address of this family");
    return address->address;
}

FrameBuilder DataplaneFixture::ethernet_from(const TestPeer& peer) const {
    FrameBuilder builder;
    builder.eth_src(peer.mac).eth_dst(our_mac());
    if (iface().vlan_id != 0) builder.vlan(iface().vlan_id);
    return builder;
}

FrameBuilder DataplaneFixture::frame_from(const TestPeer& peer, net::Family family) const {
    FrameBuilder builder = ethernet_from(peer);
    builder.ip(peer.address(family), our_address(family));
    return builder;
}

FrameBuilder DataplaneFixture::arp_from(const TestPeer& peer, const net::IpAddress& target) const {
    FrameBuilder builder = ethernet_from(peer);
    builder.eth_dst(kBroadcastMac).arp(arp_request(peer.mac, peer.ipv4, target));
    return builder;
}

Bytes DataplaneFixture::beacon_datagram(const TestPeer& peer, net::Family family, Bytes payload) const {
    return frame_from(peer, family).udp(peer.port, dataplane_->config().beacon.port, std::move(payload)).build();
}

std::vector<Bytes> DataplaneFixture::exchange(uint16_t queue, const Bytes& frame) {
    inject(queue, frame);
    dataplane_->poll_all();
    RingPort& port = dataplane_->port();
    for (uint16_t q = 0; q < port.queues(); ++q) {
        if (q != queue) {
            EXPECT_EQ(port.drain_tx(q).size(), 0u) << "frames sent on queue " << q;
        }
    }
    return port.drain_tx(queue);
}

std::vector<Bytes> DataplaneFixture::drain_all_tx() {
    std::vector<Bytes> all;
    for (uint16_t q = 0; q < dataplane_->port().queues(); ++q) {
        std::vector<Bytes> sent = drain_tx(q);
        all.insert(all.end(), sent.begin(), sent.end());
    }
    return all;
}

std::optional<ParsedFrame> DataplaneFixture::single_reply(uint16_t queue, const Bytes& frame) {
    const std::vector<Bytes> sent = exchange(queue, frame);
    if (sent.size() != 1) {
        ADD_FAILURE() << "expected one frame sent on queue " << queue << ", got " << sent.size()
                      << "; outcomes: " << ::testing::PrintToString(outcomes());
        return std::nullopt;
    }
    ParsedFrame parsed = parse_frame(sent.front());
    if (!parsed.error.empty()) {
        ADD_FAILURE() << "the frame sent does not parse: " << parsed.error;
        return std::nullopt;
    }
    return parsed;
}

void DataplaneFixture::expect_dropped(const Bytes& frame, const std::string& counter, uint16_t queue) {
    (void)counters()[counter];  // throws for a counter name that does not exist
    const CounterSnapshot before = counters();
    EXPECT_EQ(exchange(queue, frame).size(), 0u) << "a frame was sent in answer";
    EXPECT_EQ(counters().outcomes_since(before), (Outcomes{{counter, 1}}));
}

void DataplaneFixture::expect_punted(const Bytes& frame, const std::string& counter, dp::PuntReason reason,
                                     uint16_t queue) {
    expect_dropped(frame, counter, queue);  // not sent, one outcome
    const std::vector<Punted> punted = drain_punts(queue);
    ASSERT_EQ(punted.size(), 1u) << "frames punted by worker " << queue;
    EXPECT_EQ(punted[0].reason, reason);
    EXPECT_EQ(punted[0].frame, frame);
}

}  // namespace pb::test
