// tests/dataplane/test_icmp.cpp — ICMP and ICMPv6 echo: replies are
// byte-exact copies of the request's identifier, sequence and data, from our
// address to the sender, with fresh TTL/hop limit and valid checksums.
#include <gtest/gtest.h>

#include "tests/support/dataplane_fixture.hpp"

namespace pb::test {
namespace {

using net::Family;

constexpr uint16_t kEchoId = 0xbeef;
constexpr uint16_t kEchoSequence = 7;
constexpr uint8_t kReplyTtl = 64;

class Echo : public DataplaneFixture {
protected:
    // Sends `request` and checks the reply against an echo of `data` from
    // `source` to `peer_address`.
    void expect_echo_reply(const Bytes& request, const Bytes& data, Family family, const net::IpAddress& source,
                           const net::IpAddress& peer_address) {
        const auto reply = single_reply(0, request);
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->eth.dst, peer.mac);
        EXPECT_EQ(reply->eth.src, our_mac());
        ASSERT_TRUE(reply->ip);
        EXPECT_EQ(reply->ip->src, source);
        EXPECT_EQ(reply->ip->dst, peer_address);
        EXPECT_EQ(reply->ip->ttl, kReplyTtl);
        EXPECT_TRUE(reply->ip->header_checksum_ok);
        EXPECT_EQ(reply->trailing_bytes, 0u);
        ASSERT_TRUE(reply->icmp);
        EXPECT_EQ(reply->icmp->type, family == Family::V4 ? kIcmpEchoReply : kIcmp6EchoReply);
        EXPECT_EQ(reply->icmp->code, 0);
        EXPECT_TRUE(reply->icmp->checksum_ok);
        const auto echo = parse_echo(*reply->icmp);
        ASSERT_TRUE(echo);
        EXPECT_EQ(echo->id, kEchoId);
        EXPECT_EQ(echo->sequence, kEchoSequence);
        EXPECT_EQ(echo->data, data);
        EXPECT_EQ(outcomes(), (Outcomes{{family == Family::V4 ? "icmp_echo_replied" : "icmp6_echo_replied", 1}}));
    }
    FrameBuilder echo(Family family, const Bytes& data) const {
        FrameBuilder builder = frame_from(peer, family);
        builder.icmp_echo(kEchoId, kEchoSequence, data);
        return builder;
    }
};

TEST_F(Echo, Ipv4EchoIsAnswered) {
    const Bytes data = pattern_bytes(56);
    expect_echo_reply(echo(Family::V4, data).ttl(3).build(), data, Family::V4, ip("10.77.0.1"), peer.ipv4);
}

TEST_F(Echo, LargeIpv4EchoIsAnswered) {
    const Bytes data = pattern_bytes(1472, 3);
    expect_echo_reply(echo(Family::V4, data).build(), data, Family::V4, ip("10.77.0.1"), peer.ipv4);
}

TEST_F(Echo, PaddedMinimumFrameGetsACorrectReply) {
    // 14 + 20 + 8 + 4 = 46 bytes, padded to 60 with non-zero filler: the
    // reply must cover the IP datagram only.
    const Bytes data{1, 2, 3, 4};
    expect_echo_reply(echo(Family::V4, data).pad_to(kMinEthernetFrame, 0xee).build(), data, Family::V4,
                      ip("10.77.0.1"), peer.ipv4);
}

TEST_F(Echo, Ipv4EchoWithOptionsIsAnswered) {
    const Bytes data = pattern_bytes(20);
    expect_echo_reply(echo(Family::V4, data).ipv4_options({0x01, 0x01, 0x01, 0x00}).build(), data, Family::V4,
                      ip("10.77.0.1"), peer.ipv4);
}

TEST_F(Echo, Ipv4EchoToAnotherAddressIsNotForUs) {
    expect_dropped(echo(Family::V4, {}).ip(peer.ipv4, ip("10.77.0.3")).build(), "ip_not_for_us");
}

TEST_F(Echo, Ipv4EchoToTheSubnetBroadcastIsNotForUs) {
    expect_dropped(echo(Family::V4, {}).eth_dst(kBroadcastMac).ip(peer.ipv4, ip("10.77.0.255")).build(),
                   "ip_not_for_us");
}

TEST_F(Echo, Ipv4EchoWithBadChecksumIsCounted) {
    expect_dropped(echo(Family::V4, pattern_bytes(8)).l4_checksum(Checksum::Bad).build(), "icmp_bad_checksum");
}

TEST_F(Echo, Ipv4EchoReplyIsNotAnswered) {
    expect_dropped(frame_from(peer, Family::V4).icmp(kIcmpEchoReply, 0, Bytes(8, 0)).build(), "icmp_ignored");
}

TEST_F(Echo, Ipv4TimestampRequestIsIgnored) {
    expect_dropped(frame_from(peer, Family::V4).icmp(13, 0, Bytes(16, 0)).build(), "icmp_ignored");
}

TEST_F(Echo, Ipv6EchoIsAnswered) {
    const Bytes data = pattern_bytes(56, 9);
    expect_echo_reply(echo(Family::V6, data).ttl(1).build(), data, Family::V6, ip("fd77::1"), peer.ipv6);
}

TEST_F(Echo, Ipv6EchoToOurLinkLocalAddressIsAnsweredFromIt) {
    const Bytes data = pattern_bytes(8);
    const net::IpAddress link_local = net::IpAddress::v6_bytes(iface().ipv6_link_local.data());
    expect_echo_reply(echo(Family::V6, data).ip(peer.ipv6_link_local, link_local).build(), data, Family::V6,
                      link_local, peer.ipv6_link_local);
}

TEST_F(Echo, PaddedIpv6EchoGetsACorrectReply) {
    const Bytes data{};
    expect_echo_reply(echo(Family::V6, data).pad_to(80, 0x77).build(), data, Family::V6, ip("fd77::1"), peer.ipv6);
}

TEST_F(Echo, Ipv6EchoToAnotherAddressIsNotForUs) {
    expect_dropped(echo(Family::V6, {}).ip(peer.ipv6, ip("fd77::3")).build(), "ip_not_for_us");
}

TEST_F(Echo, Ipv6EchoWithBadChecksumIsCounted) {
    expect_dropped(echo(Family::V6, pattern_bytes(8)).l4_checksum(Checksum::Bad).build(), "icmp6_bad_checksum");
}

// RFC 1122 §3.2.1.3 (IPv4) and RFC 4291 §2.5.2, §2.7 (IPv6): a datagram whose
// source can never be a single sending host is silently discarded; answering
// it would send the reply to a broadcast or multicast group.
struct InvalidSource {
    const char* name;
    const char* address;
};

void PrintTo(const InvalidSource& source, std::ostream* out) { *out << source.address; }

class EchoFromInvalidSource : public Echo, public ::testing::WithParamInterface<InvalidSource> {};

TEST_P(EchoFromInvalidSource, IsNotAnswered) {
    const net::IpAddress source = ip(GetParam().address);
    const Family family = source.family;
    inject(0, echo(family, pattern_bytes(8)).ip(source, our_address(family)).build());
    dataplane().poll_all();
    EXPECT_EQ(drain_all_tx().size(), 0u);
    EXPECT_EQ(counters()["icmp_echo_replied"] + counters()["icmp6_echo_replied"], 0u);
    EXPECT_EQ(outcomes().size(), 1u) << "one drop counter: " << ::testing::PrintToString(outcomes());
}

const InvalidSource kInvalidSources[] = {
    {"LimitedBroadcast", "255.255.255.255"},
    {"SubnetBroadcast", "10.77.0.255"},
    {"Ipv4Multicast", "224.0.0.1"},
    {"Ipv6Multicast", "ff02::1"},
    {"Ipv6Unspecified", "::"},
};

INSTANTIATE_TEST_SUITE_P(Sources, EchoFromInvalidSource, ::testing::ValuesIn(kInvalidSources),
                         [](const ::testing::TestParamInfo<InvalidSource>& info) { return info.param.name; });

}  // namespace
}  // namespace pb::test
