// tests/dataplane/test_l2_l3.cpp — Ethernet and VLAN filtering, UDP delivery
// to the beacon port, and the multi-queue property: what arrives on queue N
// is handled by worker N and answered on queue N.
#include <gtest/gtest.h>

#include <string_view>

#include "tests/support/dataplane_fixture.hpp"

namespace pb::test {
namespace {

using net::Family;

// Outcome counters of the L2/L3/L4 stages (everything before the beacon
// dispatcher): none of them may move for a datagram the beacon should see.
Outcomes l2_to_l4_drops(const Outcomes& outcomes) {
    Outcomes drops;
    for (const auto& [name, value] : outcomes)
        for (std::string_view stage : {"l2_", "ip_", "udp_", "icmp", "arp_", "nd_"})
            if (name.starts_with(stage)) drops[name] = value;
    return drops;
}

class L2 : public DataplaneFixture {
protected:
    Bytes echo_v4() const { return frame_from(peer, Family::V4).icmp_echo(1, 1, pattern_bytes(32)).build(); }
};

TEST_F(L2, UnknownEtherTypeIsCounted) {
    expect_dropped(FrameBuilder().eth_src(peer.mac).eth_dst(our_mac()).ether_type(0x88b5).l3_raw(Bytes(46, 1)).build(),
                   "l2_unknown_ethertype");
}

TEST_F(L2, FrameToAnotherUnicastMacIsNotForUs) {
    expect_dropped(frame_from(peer, Family::V4).eth_dst({0x02, 0, 0, 0, 0, 0x99}).icmp_echo(1, 1, {}).build(),
                   "l2_not_for_us");
}

TEST_F(L2, Ipv4MulticastMacIsNotForUs) {
    expect_dropped(frame_from(peer, Family::V4).eth_dst({0x01, 0, 0x5e, 0, 0, 1}).icmp_echo(1, 1, {}).build(),
                   "l2_not_for_us");
}

TEST_F(L2, BroadcastAndIpv6MulticastMacsReachL3) {
    // Accepted at L2 (ARP, ND); the IPv4 echo inside is then answered.
    for (const Mac& dst : {kBroadcastMac, Mac{0x33, 0x33, 0, 0, 0, 1}}) {
        const auto reply = single_reply(0, frame_from(peer, Family::V4).eth_dst(dst).icmp_echo(1, 1, {}).build());
        ASSERT_TRUE(reply) << mac_text(dst);
        EXPECT_EQ(reply->eth.dst, peer.mac);
    }
}

TEST_F(L2, TruncatedEthernetHeaderIsCounted) {
    const Bytes echo = echo_v4();
    expect_dropped(Bytes(echo.begin(), echo.begin() + 13), "l2_truncated");
}

TEST_F(L2, TruncatedVlanTagIsCounted) {
    expect_dropped(frame_from(peer, Family::V4).vlan(100).icmp_echo(1, 1, {}).truncate_to(16).build(),
                   "l2_truncated");
}

TEST_F(L2, TaggedFrameOnUntaggedPortIsWrongVlan) {
    expect_dropped(frame_from(peer, Family::V4).vlan(100).icmp_echo(1, 1, {}).build(), "l2_wrong_vlan");
}

TEST_F(L2, UdpToAnotherPortIsCounted) {
    expect_dropped(frame_from(peer, Family::V4).udp(peer.port, 9002, Bytes{0x01, 0, 0, 0, 7}).build(),
                   "udp_other_port");
    expect_dropped(frame_from(peer, Family::V6).udp(peer.port, 53, Bytes{0x01, 0, 0, 0, 7}).build(),
                   "udp_other_port");
}

TEST_F(L2, UdpToTheBeaconPortPassesEveryCheck) {
    for (Family family : {Family::V4, Family::V6}) {
        inject(0, beacon_datagram(peer, family, Bytes{0x7f, 1, 2, 3}));
        dataplane().poll_all();
    }
    EXPECT_EQ(l2_to_l4_drops(outcomes()), Outcomes{});
    EXPECT_EQ(counters()["rx_packets"], 2u);
    drain_all_tx();  // whatever the beacon handlers make of an unknown type
}

TEST_F(L2, UdpWithoutChecksumOverIpv4IsAccepted) {
    // RFC 768: a zero checksum means the sender computed none.
    inject(0, frame_from(peer, Family::V4).udp(peer.port, 9001, Bytes{0x7f, 1}).l4_checksum(Checksum::Zero).build());
    dataplane().poll_all();
    EXPECT_EQ(l2_to_l4_drops(outcomes()), Outcomes{});
    drain_all_tx();
}

TEST_F(L2, UdpAfterIpv4OptionsIsFound) {
    // The UDP header sits after the options: a datagram to another port is
    // counted as such, one to the beacon port passes every check.
    const Bytes options{0x01, 0x01, 0x01, 0x00};  // NOP NOP NOP EOL
    expect_dropped(frame_from(peer, Family::V4).ipv4_options(options).udp(peer.port, 9002, Bytes{1}).build(),
                   "udp_other_port");
    inject(0, frame_from(peer, Family::V4).ipv4_options(options).udp(peer.port, 9001, Bytes{0x7f}).build());
    dataplane().poll_all();
    EXPECT_EQ(l2_to_l4_drops(outcomes()), (Outcomes{{"udp_other_port", 1}}));
    drain_all_tx();
}

TEST_F(L2, PaddedUdpDatagramPassesTheChecksum) {
    // The UDP checksum covers the datagram, not the Ethernet padding after it.
    for (Family family : {Family::V4, Family::V6}) {
        FrameBuilder f = frame_from(peer, family);
        inject(0, f.udp(peer.port, 9001, Bytes{0x7f, 1}).pad_to(family == Family::V4 ? 60 : 90, 0xee).build());
    }
    dataplane().poll_all();
    EXPECT_EQ(l2_to_l4_drops(outcomes()), Outcomes{});
    drain_all_tx();
}

TEST_F(L2, PriorityTaggedFrameIsAnsweredOnAnUntaggedPort) {
    // 802.1Q VLAN id 0: priority only, the frame belongs to the native VLAN.
    const auto reply = single_reply(0, frame_from(peer, Family::V4).vlan(0, 6).icmp_echo(1, 1, {}).build());
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->eth.vlan_id, 0);
}

// --- VLAN 100 on the data port

class TaggedPort : public L2 {
protected:
    void configure(config::Config& cfg) override { cfg.port.vlan = 100; }
};

TEST_F(TaggedPort, TaggedEchoIsAnsweredWithTheTag) {
    const Bytes request = frame_from(peer, Family::V4).vlan(100, 5).icmp_echo(9, 9, pattern_bytes(16)).build();
    const auto reply = single_reply(0, request);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->eth.vlan_id, 100);
    EXPECT_EQ(reply->eth.ether_type, kEtherTypeIpv4);
    ASSERT_TRUE(reply->icmp);
    EXPECT_EQ(reply->icmp->type, kIcmpEchoReply);
    EXPECT_TRUE(reply->icmp->checksum_ok);
}

TEST_F(TaggedPort, TaggedArpIsAnsweredWithTheTag) {
    const auto reply = single_reply(0, arp_from(peer, ip("10.77.0.1")).build());
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->eth.vlan_id, 100);
    ASSERT_TRUE(reply->arp);
    EXPECT_EQ(reply->arp->opcode, kArpReply);
}

TEST_F(TaggedPort, TaggedNeighbourSolicitationIsAnsweredWithTheTag) {
    const net::IpAddress us = ip("fd77::1");
    const Bytes ns = frame_from(peer, Family::V6).neighbour_solicitation(us, peer.mac).build();
    const auto reply = single_reply(0, ns);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->eth.vlan_id, 100);
    ASSERT_TRUE(reply->icmp);
    EXPECT_EQ(reply->icmp->type, kIcmp6NeighbourAdvertisement);
}

TEST_F(TaggedPort, UntaggedFrameIsWrongVlan) {
    expect_dropped(frame_from(peer, Family::V4).no_vlan().icmp_echo(1, 1, {}).build(), "l2_wrong_vlan");
}

TEST_F(TaggedPort, UntaggedArpIsWrongVlan) {
    expect_dropped(arp_from(peer, ip("10.77.0.1")).no_vlan().build(), "l2_wrong_vlan");
}

TEST_F(TaggedPort, OtherVlanIsWrongVlan) {
    expect_dropped(frame_from(peer, Family::V4).vlan(200).icmp_echo(1, 1, {}).build(), "l2_wrong_vlan");
}

// --- a port without an IPv4 address

class Ipv6OnlyPort : public L2 {
protected:
    void configure(config::Config& cfg) override { cfg.port.ipv4.address.reset(); }
};

TEST_F(Ipv6OnlyPort, ArpIsIgnored) { expect_dropped(arp_from(peer, ip("10.77.0.1")).build(), "arp_ignored"); }

TEST_F(Ipv6OnlyPort, Ipv4IsNotForUs) {
    expect_dropped(ethernet_from(peer).ip(peer.ipv4, ip("10.77.0.1")).icmp_echo(1, 1, {}).build(), "ip_not_for_us");
}

// --- queues and workers

class MultiQueue : public L2 {};

TEST_F(MultiQueue, FramesOnQueueOneAreAnsweredOnQueueOneByWorkerOne) {
    const auto reply = single_reply(1, echo_v4());
    ASSERT_TRUE(reply);
    EXPECT_EQ(dataplane().counter_snapshot(1).outcomes(), (Outcomes{{"icmp_echo_replied", 1}}));
    EXPECT_EQ(dataplane().counter_snapshot(1)["tx_packets"], 1u);
    EXPECT_EQ(dataplane().counter_snapshot(0)["rx_packets"], 0u);
    EXPECT_EQ(dataplane().counter_snapshot(0).outcomes(), Outcomes{});
}

TEST_F(MultiQueue, EachQueueIsAnsweredOnItsOwnQueue) {
    const TestPeer other = test_peer(3);
    inject(0, frame_from(peer, Family::V4).icmp_echo(1, 100, {}).build());
    inject(1, frame_from(other, Family::V6).icmp_echo(1, 101, {}).build());
    inject(1, frame_from(other, Family::V4).icmp_echo(1, 102, {}).build());
    EXPECT_EQ(dataplane().poll_all(), 3u);

    const std::vector<Bytes> on_0 = drain_tx(0), on_1 = drain_tx(1);
    ASSERT_EQ(on_0.size(), 1u);
    ASSERT_EQ(on_1.size(), 2u);
    EXPECT_EQ(parse_frame(on_0[0]).eth.dst, peer.mac);
    EXPECT_EQ(parse_frame(on_1[0]).ip->dst, other.ipv6);  // in arrival order
    EXPECT_EQ(parse_frame(on_1[1]).ip->dst, other.ipv4);
    EXPECT_EQ(dataplane().counter_snapshot(0)["icmp_echo_replied"], 1u);
    EXPECT_EQ(dataplane().counter_snapshot(1)["icmp_echo_replied"], 1u);
    EXPECT_EQ(dataplane().counter_snapshot(1)["icmp6_echo_replied"], 1u);
}

TEST_F(MultiQueue, ABurstLargerThanOneRxBurstIsFullyHandled) {
    const unsigned frames = 3 * dataplane().config().dataplane.burst + 5;
    for (unsigned i = 0; i < frames; ++i) inject(0, frame_from(peer, Family::V4).icmp_echo(1, uint16_t(i), {}).build());
    EXPECT_EQ(dataplane().poll_all(), frames);
    EXPECT_EQ(drain_tx(0).size(), frames);
    EXPECT_EQ(counters()["icmp_echo_replied"], frames);
}

}  // namespace
}  // namespace pb::test
