// tests/dataplane/test_harness.cpp — the harness checked against DPDK and
// itself: the builder's checksums agree with DPDK's, the parser reads back
// what the builder wrote, knobs break what they claim to, and RingPort moves
// frames (chained ones too) without losing an mbuf.
#include <gtest/gtest.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "tests/support/dataplane_fixture.hpp"
#include "tests/support/mbuf_frames.hpp"

namespace pb::test {
namespace {

const Mac kSrcMac{0x02, 0, 0, 0, 0, 0x0a};
const Mac kDstMac{0x02, 0, 0, 0, 0, 0x0b};

FrameBuilder udp_frame(const char* src, const char* dst) {
    FrameBuilder builder;
    builder.eth_src(kSrcMac).eth_dst(kDstMac).ip(ip(src), ip(dst)).udp(1234, 9001, pattern_bytes(33));
    return builder;
}

TEST(FrameBuilder, Ipv4ChecksumsAgreeWithDpdk) {
    Bytes frame = udp_frame("192.0.2.1", "198.51.100.7").build();
    auto* ip4 = reinterpret_cast<rte_ipv4_hdr*>(frame.data() + 14);
    const auto* udp = reinterpret_cast<const rte_udp_hdr*>(frame.data() + 34);
    EXPECT_EQ(rte_ipv4_udptcp_cksum_verify(ip4, udp), 0);
    const uint16_t sent = ip4->hdr_checksum;
    ip4->hdr_checksum = 0;
    EXPECT_EQ(rte_ipv4_cksum(ip4), sent);
}

TEST(FrameBuilder, Ipv6ChecksumAgreesWithDpdk) {
    const Bytes frame = udp_frame("2001:db8::1", "fd77::1").build();
    const auto* ip6 = reinterpret_cast<const rte_ipv6_hdr*>(frame.data() + 14);
    EXPECT_EQ(rte_ipv6_udptcp_cksum_verify(ip6, ip6 + 1), 0);
}

TEST(FrameParser, ReadsBackWhatTheBuilderWrote) {
    const ParsedFrame parsed = parse_frame(udp_frame("fd77::2", "fd77::1").vlan(42).pad_to(200).build());
    EXPECT_EQ(parsed.error, "");
    EXPECT_EQ(parsed.eth.src, kSrcMac);
    EXPECT_EQ(parsed.eth.dst, kDstMac);
    EXPECT_EQ(parsed.eth.vlan_id, 42);
    ASSERT_TRUE(parsed.ip);
    EXPECT_EQ(parsed.ip->src, ip("fd77::2"));
    EXPECT_EQ(parsed.ip->ttl, 64);
    ASSERT_TRUE(parsed.udp);
    EXPECT_TRUE(parsed.udp->checksum_ok);
    EXPECT_EQ(parsed.udp->dst_port, 9001);
    EXPECT_EQ(parsed.udp->payload, pattern_bytes(33));
    EXPECT_EQ(parsed.trailing_bytes, 200u - 18 - 40 - 8 - 33);
}

TEST(FrameParser, SeesTheBrokenChecksums) {
    const ParsedFrame parsed =
        parse_frame(udp_frame("10.0.0.1", "10.0.0.2").ip_checksum(Checksum::Bad).l4_checksum(Checksum::Bad).build());
    ASSERT_TRUE(parsed.ip && parsed.udp);
    EXPECT_FALSE(parsed.ip->header_checksum_ok);
    EXPECT_FALSE(parsed.udp->checksum_ok);
    EXPECT_FALSE(parse_frame(udp_frame("10.0.0.1", "10.0.0.2").l4_checksum(Checksum::Zero).build()).udp->checksum_ok);
}

TEST(FrameParser, ReadsANeighbourSolicitationBody) {
    const Bytes frame =
        FrameBuilder().ip(ip("fe80::1"), ip("ff02::1:ff00:1")).neighbour_solicitation(ip("fd77::1"), kSrcMac).build();
    const ParsedFrame parsed = parse_frame(frame);
    ASSERT_TRUE(parsed.icmp);
    EXPECT_TRUE(parsed.icmp->checksum_ok);
    EXPECT_EQ(parsed.icmp->type, kIcmp6NeighbourSolicitation);
    EXPECT_EQ(parsed.ip->ttl, 255);
    EXPECT_EQ(parsed.icmp->body.size(), 4u + 16 + 8);
}

TEST(Addresses, SolicitedNodeGroupAndMulticastMac) {
    EXPECT_EQ(solicited_node_group(ip("fd77::1:2345:6789")), ip("ff02::1:ff45:6789"));
    EXPECT_EQ(ipv6_multicast_mac(ip("ff02::1:ff45:6789")), (Mac{0x33, 0x33, 0xff, 0x45, 0x67, 0x89}));
}

TEST(RingPort, TransmittedFramesAreDrainedInOrder) {
    RingPort port({.queues = 2});
    const Bytes a = pattern_bytes(60, 1), b = pattern_bytes(1514, 2);
    rte_mbuf* frames[] = {mbuf_from_frame(port.pool(), a), mbuf_from_frame(port.pool(), b)};
    ASSERT_EQ(rte_eth_tx_burst(port.port_id(), 1, frames, 2), 2);
    EXPECT_EQ(port.drain_tx(0).size(), 0u);
    EXPECT_EQ(port.drain_tx(1), (std::vector<Bytes>{a, b}));
    EXPECT_TRUE(port.mempool_full());
}

TEST(RingPort, InjectedFramesReachRxBurstOnTheirQueue) {
    RingPort port({.queues = 2});
    port.inject(1, pattern_bytes(64), pattern_bytes(65));
    EXPECT_EQ(port.rx_pending(0), 0u);
    EXPECT_EQ(port.rx_pending(1), 2u);
    rte_mbuf* received[4];
    ASSERT_EQ(rte_eth_rx_burst(port.port_id(), 1, received, 4), 2);
    EXPECT_EQ(frame_from_mbuf(received[1]), pattern_bytes(65));
    EXPECT_FALSE(port.mempool_full());
    EXPECT_EQ(port.mbufs_in_use(), 2u);
    rte_pktmbuf_free_bulk(received, 2);
    EXPECT_TRUE(port.mempool_full());
}

TEST(RingPort, PortsCoexistWithDistinctIdsAndMacs) {
    RingPort first, second;
    EXPECT_NE(first.port_id(), second.port_id());
    EXPECT_NE(mac_of(first.mac()), Mac{});
    EXPECT_FALSE(rte_is_same_ether_addr(&first.mac(), &second.mac()));
}

TEST(RingPort, FramesLargerThanADataRoomAreChained) {
    RingPort port({.queues = 1});
    const Bytes big = pattern_bytes(5000, 5);
    rte_mbuf* m = mbuf_from_frame(port.pool(), big);
    EXPECT_GT(m->nb_segs, 1);
    EXPECT_EQ(rte_pktmbuf_pkt_len(m), big.size());
    EXPECT_EQ(frame_from_mbuf(m), big);
    rte_pktmbuf_free(m);
    EXPECT_TRUE(port.mempool_full());
}

}  // namespace
}  // namespace pb::test
