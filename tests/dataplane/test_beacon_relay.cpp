// tests/dataplane/test_beacon_relay.cpp — Relay (PROTOCOL.md §3) through the
// three tiers: WSS peers (punted to the control plane), local nodes
// (RelayDeliver / RelayDeliverDest rewritten in place, any family to any
// family, from any queue), peer-beacon nodes (the Relay forwarded unchanged,
// never a second hop); not_found, malformed and oversized relays; and the
// dispatcher's other outcomes (Sync punted; beacon-only, unknown and empty
// messages counted and ignored).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "tests/support/beacon_fixture.hpp"

namespace pb::test {
namespace {

using net::Family;

const Outcomes kForwardedToPeer{{"relay_received", 1}, {"relay_forwarded_peer", 1}};
const Outcomes kNotFound{{"relay_received", 1}, {"relay_not_found", 1}};

// A peer beacon (tier 2, on peer `peer_number`'s address of `family`, port
// 9001) that announced `id`, as gossip installs it.
Daemon announce_from_peer_beacon(TestDataplane& d, uint32_t id, Family family, uint8_t peer_number = 50) {
    const Daemon beacon = with_port(daemon(0, peer_number, family), 9001);
    tables::DiscoverUpdate update;
    update.id = id;
    update.endpoint = endpoint_of(beacon);
    update.now_s = d.clock().now().s;
    EXPECT_EQ(d.beacon().peer_nodes.upsert(update), tables::WriteResult::Inserted);
    return beacon;
}

// Node `id` connected over the WSS bridge (tier 0), as the control plane registers it.
void connect_wss_peer(TestDataplane& d, uint32_t id) {
    tables::DiscoverUpdate update;
    update.id = id;
    update.endpoint = {ip("127.0.0.1"), 1, {}};
    update.now_s = d.clock().now().s;
    EXPECT_EQ(d.beacon().wss_peers.upsert(update), tables::WriteResult::Inserted);
}

// `header` followed by `payload`. (Not append(): GCC 12 at -O3 reports a
// false -Warray-bounds when a vector made from a short initializer list grows.)
Bytes joined(const Bytes& header, const Bytes& payload) {
    Bytes out(header.size() + payload.size());
    std::copy(payload.begin(), payload.end(), std::copy(header.begin(), header.end(), out.begin()));
    return out;
}

// first → second: the sender and the destination.
class Relay : public DaemonPairFixture {
protected:
    const Daemon &sender = first, &dest = second;
};

TEST_P(Relay, LocalDeliveryIsByteExact) {
    register_both();
    const Bytes payload = pattern_bytes(300, 9);
    // RelayDeliver written out: 0x06, the sender id, the payload unchanged.
    const Bytes delivered = joined({0x06, 0x00, 0x00, 0x00, 0x64}, payload);
    expect_relayed(sender, dest.id, payload, dest, delivered, kDeliveredLocally);
}

TEST_P(Relay, DestinationRegisteredWithDiscoverExGetsRelayDeliverDest) {
    register_node(sender);
    register_node(dest, std::nullopt, true);
    const Bytes payload = pattern_bytes(64, 3);
    const Bytes delivered = joined({0x09, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0xc8}, payload);
    EXPECT_EQ(delivered, relay_deliver_dest(sender.id, dest.id, payload));
    expect_relayed(sender, dest.id, payload, dest, delivered, kDeliveredLocally);
}

TEST_P(Relay, SenderNeedNotBeRegistered) {
    register_node(dest);
    expect_relay_delivered(sender, dest, pattern_bytes(20));
}

TEST_P(Relay, NodeRegisteredThroughQueueZeroIsReachedFromQueueOne) {
    register_node(dest, std::nullopt, false, 0);
    expect_relay_delivered(sender, dest, pattern_bytes(100), 1);
    EXPECT_EQ(dataplane().counter_snapshot(1)["relay_forwarded_local"], 1u);
}

TEST_P(Relay, EmptyPayloadIsDelivered) {
    register_node(dest);
    expect_relay_delivered(sender, dest, {});
}

TEST_P(Relay, DeliveryOfExactlyTheMtuIsNotFragmented) {
    register_node(dest);
    // The delivery's IP packet is exactly the 1500-byte MTU of the port.
    const std::size_t header = (GetParam().to == Family::V4 ? 20 : 40) + 8 + 5;
    expect_relay_delivered(sender, dest, pattern_bytes(1500 - header, 1));
}

// Bytes after the IP datagram (Ethernet padding, or junk) are cut off before
// the relay goes on, also when they reach into a second segment of a chained
// frame (found by fuzz_packet: the delivery kept them, its UDP checksum wrong).
TEST_P(Relay, TrailingBytesBeyondTheFirstSegmentAreCutOff) {
    register_node(dest);
    const Bytes payload = pattern_bytes(60, 5);
    const Bytes frame = joined(datagram_from(sender, relay(sender.id, dest.id, payload)), pattern_bytes(2000, 7));
    const std::vector<Bytes> sent = exchange_counted(0, frame, kDeliveredLocally);
    ASSERT_EQ(sent.size(), 1u);
    expect_beacon_datagram(sent[0], dest, relay_deliver(sender.id, payload));
}

TEST_P(Relay, UnknownDestinationIsNotFound) {
    register_node(sender);
    expect_silent(datagram_from(sender, relay(sender.id, 999, pattern_bytes(10))), kNotFound);
}

TEST_P(Relay, FewerThanEightBytesAreMalformed) {
    register_node(dest);
    const Bytes full = relay(sender.id, dest.id, {});
    for (std::size_t length : {1u, 5u, 8u}) {
        SCOPED_TRACE(length);
        expect_silent(datagram_from(sender, Bytes(full.begin(), full.begin() + long(length))),
                      {{"relay_received", 1}, {"relay_malformed", 1}});
    }
}

TEST_P(Relay, PeerBeaconNodeGetsTheRelayUnchanged) {
    const Daemon beacon = announce_from_peer_beacon(dataplane(), 300, GetParam().to);
    const Bytes payload = pattern_bytes(200, 4);
    expect_relayed(sender, 300, payload, beacon, relay(sender.id, 300, payload), kForwardedToPeer);
}

TEST_P(Relay, RelayFromAPeerBeaconIsNeverForwardedToAnother) {
    const Daemon beacon = announce_from_peer_beacon(dataplane(), 300, GetParam().to);
    const Daemon from_beacon{.id = 100, .peer = beacon.peer, .family = GetParam().from};
    const net::Endpoint listed[] = {from_beacon.endpoint()};
    dataplane().beacon().peer_beacons.replace(listed);
    expect_silent(datagram_from(from_beacon, relay(100, 300, pattern_bytes(50))),
                  {{"relay_received", 1}, {"relay_peer_loop", 1}});
    // The one hop is still allowed when it ends here.
    register_node(dest);
    expect_relay_delivered(from_beacon, dest, pattern_bytes(50));
}

TEST_P(Relay, PeerBeaconIsKnownByAddressWhateverItsPort) {
    const Daemon beacon = announce_from_peer_beacon(dataplane(), 300, GetParam().to);
    const Daemon from_beacon{.id = 100, .peer = beacon.peer, .family = GetParam().from};
    const net::Endpoint listed[] = {{from_beacon.address(), 9001}};
    dataplane().beacon().peer_beacons.replace(listed);
    expect_silent(datagram_from(with_port(from_beacon, 12345), relay(100, 300, pattern_bytes(50))),
                  {{"relay_received", 1}, {"relay_peer_loop", 1}});
}

INSTANTIATE_TEST_SUITE_P(Families, Relay, ::testing::ValuesIn(kFamilyPairs), family_pair_name);

class RelayTiers : public BeaconFixture {
protected:
    const Daemon sender = daemon(100, 2);
    const Daemon dest = daemon(200, 3, Family::V6);
};

TEST_F(RelayTiers, WssPeerIsPuntedUnchanged) {
    connect_wss_peer(dataplane(), 400);
    expect_punt(datagram_from(sender, relay(sender.id, 400, pattern_bytes(80))),
                {{"relay_received", 1}, {"relay_forwarded_wss", 1}}, dp::PuntReason::WssRelay);
}

TEST_F(RelayTiers, WssPeerIsPuntedByTheWorkerOfItsQueue) {
    connect_wss_peer(dataplane(), 400);
    expect_punt(datagram_from(sender, relay(sender.id, 400, pattern_bytes(80))),
                {{"relay_received", 1}, {"relay_forwarded_wss", 1}}, dp::PuntReason::WssRelay, 1);
}

TEST_F(RelayTiers, WssPeerComesBeforeTheLocalTable) {
    register_node(dest);
    connect_wss_peer(dataplane(), dest.id);
    expect_punt(datagram_from(sender, relay(sender.id, dest.id, pattern_bytes(8))),
                {{"relay_received", 1}, {"relay_forwarded_wss", 1}}, dp::PuntReason::WssRelay);
}

TEST_F(RelayTiers, LocalTableComesBeforePeerBeacons) {
    register_node(dest);
    announce_from_peer_beacon(dataplane(), dest.id, Family::V4);
    expect_relay_delivered(sender, dest, pattern_bytes(8));
}

// beacon.limits.max_relay_payload = 64.
class RelayPayloadLimit : public BeaconFixture, public ::testing::WithParamInterface<Family> {
    void configure(config::Config& cfg) override { cfg.beacon.limits.max_relay_payload = 64; }

protected:
    const Daemon sender = daemon(100, 2, GetParam());
    const Daemon dest = daemon(200, 3, GetParam());
};

TEST_P(RelayPayloadLimit, PayloadOverTheLimitIsDropped) {
    register_node(dest);
    expect_relay_delivered(sender, dest, pattern_bytes(64));
    expect_silent(datagram_from(sender, relay(sender.id, dest.id, pattern_bytes(65))),
                  {{"relay_received", 1}, {"relay_too_large", 1}});
}

INSTANTIATE_TEST_SUITE_P(Families, RelayPayloadLimit, ::testing::ValuesIn(kFamilies), family_name);

// The dispatcher: Sync goes to the control plane; everything else that is
// not a daemon's request is counted and ignored.
class Dispatch : public BeaconFixture {};

TEST_F(Dispatch, SyncIsPuntedToTheControlPlane) {
    const uint32_t ids[] = {7001, 7002, 7003};
    for (uint16_t queue : {0, 1}) {
        expect_punted(datagram_from(daemon(0, 50), sync(42, ids)), "sync_received", dp::PuntReason::Sync, queue);
    }
}

struct IgnoredCase : NamedCase<IgnoredCase> {
    Bytes message;
    std::string counter;
};

const IgnoredCase kIgnored[] = {
    {"Empty", {}, "beacon_empty"},
    {"DiscoverReply", discover_reply({ip("10.77.0.9"), 4000}), "beacon_unknown_type"},
    {"PunchCommand", punch_command({ip("fd77::9"), 4000}), "beacon_unknown_type"},
    {"RelayDeliver", relay_deliver(100, pattern_bytes(20)), "beacon_unknown_type"},
    {"RelayDeliverDest", relay_deliver_dest(100, 200, pattern_bytes(20)), "beacon_unknown_type"},
    {"Type0x0A", {0x0a, 0, 0, 0, 1}, "beacon_unknown_type"},
    {"Type0x0F", {0x0f}, "beacon_unknown_type"},
    {"TunnelMagicPILT", {'P', 'I', 'L', 'T', 0, 0, 0, 1}, "beacon_unknown_type"},
    {"Type0xFF", Bytes(40, 0xff), "beacon_unknown_type"},
};

class IgnoredMessage : public BeaconFixture, public ::testing::WithParamInterface<IgnoredCase> {};

TEST_P(IgnoredMessage, IsCountedAndNotAnswered) {
    for (Family family : {Family::V4, Family::V6}) {
        expect_dropped(datagram_from(daemon(100, 2, family), GetParam().message), GetParam().counter);
    }
    EXPECT_EQ(dataplane().beacon().nodes.size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Types, IgnoredMessage, ::testing::ValuesIn(kIgnored), case_name);

}  // namespace
}  // namespace pb::test
