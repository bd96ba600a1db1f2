// tests/dataplane/test_neighbour_discovery.cpp — IPv6 Neighbour Solicitation
// → Advertisement (RFC 4861 §7.2.4) for our global and link-local addresses,
// duplicate address detection probes, and the validity checks of §7.1.1.
#include <gtest/gtest.h>

#include "tests/support/dataplane_fixture.hpp"

namespace pb::test {
namespace {

using net::Family;

constexpr uint8_t kNdHopLimit = 255;
constexpr uint16_t kAdvertLength = 4 + 20 + 8;  // header, flags + target, target link-layer option

class NeighbourDiscovery : public DataplaneFixture {
protected:
    const net::IpAddress kGlobal = ip("fd77::1");
    net::IpAddress global() const { return kGlobal; }
    net::IpAddress link_local() const { return net::IpAddress::v6_bytes(iface().ipv6_link_local.data()); }

    // A solicitation from `src` for `target`, to the target's solicited-node
    // group and that group's MAC.
    FrameBuilder solicitation(const net::IpAddress& src, const net::IpAddress& target,
                              std::optional<Mac> source_link_layer) const {
        const net::IpAddress group = solicited_node_group(target);
        FrameBuilder builder = frame_from(peer, Family::V6);
        builder.eth_dst(ipv6_multicast_mac(group)).ip(src, group).neighbour_solicitation(target, source_link_layer);
        return builder;
    }

    // The one frame sent for `ns`, as an advertisement of `target` from
    // `target` to `ip_dst` with every RFC 4861 §4.4 field right; the caller
    // checks the flags and the Ethernet destination.
    std::optional<ParsedNeighbourAdvert> advert(const Bytes& ns, const net::IpAddress& target,
                                                const net::IpAddress& ip_dst, ParsedEthernet& eth) {
        const auto reply = single_reply(0, ns);
        if (!reply || !reply->ip || !reply->icmp) return std::nullopt;
        eth = reply->eth;
        EXPECT_EQ(reply->eth.src, our_mac());
        EXPECT_EQ(reply->ip->src, target);
        EXPECT_EQ(reply->ip->dst, ip_dst);
        EXPECT_EQ(reply->ip->ttl, kNdHopLimit);
        EXPECT_EQ(reply->ip->total_len, 40 + kAdvertLength);
        EXPECT_EQ(reply->icmp->type, kIcmp6NeighbourAdvertisement);
        EXPECT_EQ(reply->icmp->code, 0);
        EXPECT_TRUE(reply->icmp->checksum_ok);
        auto na = parse_neighbour_advert(*reply->icmp);
        if (!na) return std::nullopt;
        EXPECT_EQ(na->target, target);
        EXPECT_FALSE(na->router);
        EXPECT_TRUE(na->options_well_formed);
        EXPECT_EQ(na->target_link_layer, our_mac());
        EXPECT_EQ(outcomes(), (Outcomes{{"nd_advert_sent", 1}}));
        return na;
    }

    // A solicitation from a unicast source is answered to that source and
    // its MAC, with the Solicited and Override flags set.
    void expect_solicited_advert(const Bytes& ns, const net::IpAddress& target, const net::IpAddress& source) {
        ParsedEthernet eth;
        const auto na = advert(ns, target, source, eth);
        ASSERT_TRUE(na);
        EXPECT_EQ(eth.dst, peer.mac);
        EXPECT_TRUE(na->solicited);
        EXPECT_TRUE(na->override_flag);
    }

    // Reserved word and target (our global address), no options.
    Bytes solicitation_body() const {
        Bytes body(4 + kGlobal.bytes.size(), 0);
        std::copy(kGlobal.bytes.begin(), kGlobal.bytes.end(), body.begin() + 4);
        return body;
    }

    Bytes dad_probe(std::optional<Mac> source_link_layer = std::nullopt) const {
        return solicitation(ip("::"), global(), source_link_layer).build();
    }
};

TEST_F(NeighbourDiscovery, SolicitationForOurAddressIsAdvertised) {
    expect_solicited_advert(solicitation(peer.ipv6, global(), peer.mac).build(), global(), peer.ipv6);
}

TEST_F(NeighbourDiscovery, SolicitationWithoutSourceLinkLayerOptionIsAdvertised) {
    // 24-byte solicitation, 32-byte advertisement: the frame grows.
    expect_solicited_advert(solicitation(peer.ipv6, global(), std::nullopt).build(), global(), peer.ipv6);
}

TEST_F(NeighbourDiscovery, SolicitationForOurLinkLocalAddressIsAdvertised) {
    const Bytes ns = solicitation(peer.ipv6_link_local, link_local(), peer.mac).build();
    expect_solicited_advert(ns, link_local(), peer.ipv6_link_local);
}

TEST_F(NeighbourDiscovery, UnicastReachabilityProbeIsAdvertised) {
    const Bytes ns = frame_from(peer, Family::V6).neighbour_solicitation(global(), peer.mac).build();
    expect_solicited_advert(ns, global(), peer.ipv6);
}

TEST_F(NeighbourDiscovery, DadProbeIsAdvertisedToAllNodes) {
    ParsedEthernet eth;
    EXPECT_TRUE(advert(dad_probe(), global(), ip("ff02::1"), eth));
}

TEST_F(NeighbourDiscovery, DadAdvertHasSolicitedFlagClearAndOverrideSet) {
    ParsedEthernet eth;
    const auto na = advert(dad_probe(), global(), ip("ff02::1"), eth);
    ASSERT_TRUE(na);
    EXPECT_FALSE(na->solicited);
    EXPECT_TRUE(na->override_flag);
}

TEST_F(NeighbourDiscovery, DadAdvertGoesToTheAllNodesMulticastMac) {
    ParsedEthernet eth;
    ASSERT_TRUE(advert(dad_probe(), global(), ip("ff02::1"), eth));
    EXPECT_EQ(eth.dst, ipv6_multicast_mac(ip("ff02::1")));
}

TEST_F(NeighbourDiscovery, SolicitationForAnotherTargetIsIgnored) {
    const Bytes ns = frame_from(peer, Family::V6).neighbour_solicitation(ip("fd77::3"), peer.mac).build();
    expect_dropped(ns, "icmp6_ignored");
}

TEST_F(NeighbourDiscovery, SolicitationToAnotherGroupIsNotForUs) {
    expect_dropped(solicitation(peer.ipv6, ip("fd77::3"), peer.mac).build(), "ip_not_for_us");
}

TEST_F(NeighbourDiscovery, AdvertisementIsPuntedToTheControlPlane) {
    Bytes body(20, 0);
    body[0] = 0x60;  // solicited, override
    std::copy(peer.ipv6.bytes.begin(), peer.ipv6.bytes.end(), body.begin() + 4);
    const Bytes na = frame_from(peer, Family::V6).icmp(kIcmp6NeighbourAdvertisement, 0, body).ttl(255).build();
    expect_punted(na, "nd_advert_punted", dp::PuntReason::Neighbour);
}

// --- RFC 4861 §7.1.1: solicitations a node must silently discard

TEST_F(NeighbourDiscovery, SolicitationWithHopLimitBelow255IsMalformed) {
    expect_dropped(solicitation(peer.ipv6, global(), peer.mac).ttl(254).build(), "icmp6_malformed");
}

TEST_F(NeighbourDiscovery, SolicitationWithBadChecksumIsCounted) {
    expect_dropped(solicitation(peer.ipv6, global(), peer.mac).l4_checksum(Checksum::Bad).build(),
                   "icmp6_bad_checksum");
}

TEST_F(NeighbourDiscovery, ShortSolicitationIsMalformed) {
    const Bytes ns = frame_from(peer, Family::V6).icmp(kIcmp6NeighbourSolicitation, 0, Bytes(16, 0)).ttl(255).build();
    expect_dropped(ns, "icmp6_malformed");
}

TEST_F(NeighbourDiscovery, SolicitationWithNonZeroCodeIsMalformed) {
    const Bytes ns =
        frame_from(peer, Family::V6).icmp(kIcmp6NeighbourSolicitation, 1, solicitation_body()).ttl(255).build();
    expect_dropped(ns, "icmp6_malformed");
}

TEST_F(NeighbourDiscovery, SolicitationWithZeroLengthOptionIsMalformed) {
    Bytes body = solicitation_body();
    body.insert(body.end(), {1, 0, 0, 0, 0, 0, 0, 0});  // source link-layer option, length 0
    const Bytes ns = frame_from(peer, Family::V6).icmp(kIcmp6NeighbourSolicitation, 0, body).ttl(255).build();
    expect_dropped(ns, "icmp6_malformed");
}

TEST_F(NeighbourDiscovery, DadProbeWithSourceLinkLayerOptionIsMalformed) {
    expect_dropped(dad_probe(peer.mac), "icmp6_malformed");
}

TEST_F(NeighbourDiscovery, DadProbeToAUnicastAddressIsMalformed) {
    const Bytes ns = frame_from(peer, Family::V6).ip(ip("::"), global()).neighbour_solicitation(global(), {}).build();
    expect_dropped(ns, "icmp6_malformed");
}

}  // namespace
}  // namespace pb::test
