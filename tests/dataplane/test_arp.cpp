// tests/dataplane/test_arp.cpp — the ARP responder: requests for our IPv4
// address get an exact reply in place; everything else is counted.
#include <gtest/gtest.h>

#include "tests/support/dataplane_fixture.hpp"

namespace pb::test {
namespace {

class Arp : public DataplaneFixture {
protected:
    ArpFields request_for(const net::IpAddress& target) const { return arp_request(peer.mac, peer.ipv4, target); }
    Bytes frame(const ArpFields& arp, const Mac& dst = kBroadcastMac) const {
        return FrameBuilder().eth_src(peer.mac).eth_dst(dst).arp(arp).build();
    }
};

TEST_F(Arp, RequestForOurAddressGetsExactReply) {
    const std::vector<Bytes> sent = exchange(0, arp_from(peer, ip("10.77.0.1")).build());

    ArpFields reply;
    reply.opcode = kArpReply;
    reply.sha = our_mac();
    reply.spa = ip("10.77.0.1");
    reply.tha = peer.mac;
    reply.tpa = peer.ipv4;
    const Bytes expected = FrameBuilder().eth_src(our_mac()).eth_dst(peer.mac).arp(reply).build();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0], expected);
    EXPECT_EQ(outcomes(), (Outcomes{{"arp_replied", 1}}));
}

TEST_F(Arp, PaddedUnicastRequestIsAnswered) {
    // A refresh (unicast to our MAC) in a minimum-size frame.
    const Bytes request =
        arp_from(peer, ip("10.77.0.1")).eth_dst(our_mac()).pad_to(kMinEthernetFrame, 0xa5).build();
    const auto reply = single_reply(0, request);
    ASSERT_TRUE(reply);
    ASSERT_TRUE(reply->arp);
    EXPECT_EQ(reply->eth.dst, peer.mac);
    EXPECT_EQ(reply->eth.src, our_mac());
    EXPECT_EQ(reply->arp->opcode, kArpReply);
    EXPECT_EQ(reply->arp->sha, our_mac());
    EXPECT_EQ(reply->arp->spa, ip("10.77.0.1"));
    EXPECT_EQ(reply->arp->tha, peer.mac);
    EXPECT_EQ(reply->arp->tpa, peer.ipv4);
}

TEST_F(Arp, RequestForAnotherAddressIsIgnored) { expect_dropped(arp_from(peer, ip("10.77.0.3")).build(), "arp_ignored"); }

TEST_F(Arp, GratuitousArpOfAPeerIsIgnored) { expect_dropped(arp_from(peer, peer.ipv4).build(), "arp_ignored"); }

TEST_F(Arp, ReplyAddressedToUsIsPuntedToTheControlPlane) {
    // The neighbour table is the control plane's: the reply goes there as received.
    ArpFields arp = request_for(ip("10.77.0.1"));
    arp.opcode = kArpReply;
    arp.tha = our_mac();
    expect_punted(frame(arp, our_mac()), "arp_reply_punted", dp::PuntReason::Neighbour, 1);
    EXPECT_EQ(drain_punts(0).size(), 0u);
}

TEST_F(Arp, OtherOpcodeIsMalformed) {
    ArpFields arp = request_for(ip("10.77.0.1"));
    arp.opcode = 3;  // RARP request
    expect_dropped(frame(arp), "arp_malformed");
}

TEST_F(Arp, ShortBodyIsMalformed) {
    const Bytes request = arp_from(peer, ip("10.77.0.1")).build();
    Bytes short_request(request.begin(), request.end() - 4);
    expect_dropped(short_request, "arp_malformed");
}

TEST_F(Arp, WrongHardwareLengthIsMalformed) {
    ArpFields arp = request_for(ip("10.77.0.1"));
    arp.hlen = 8;
    expect_dropped(frame(arp), "arp_malformed");
}

TEST_F(Arp, WrongProtocolLengthIsMalformed) {
    ArpFields arp = request_for(ip("10.77.0.1"));
    arp.plen = 16;
    expect_dropped(frame(arp), "arp_malformed");
}

TEST_F(Arp, NonEthernetHardwareIsMalformed) {
    ArpFields arp = request_for(ip("10.77.0.1"));
    arp.hardware = 6;  // IEEE 802
    expect_dropped(frame(arp), "arp_malformed");
}

TEST_F(Arp, NonIpv4ProtocolIsMalformed) {
    ArpFields arp = request_for(ip("10.77.0.1"));
    arp.protocol = kEtherTypeIpv6;
    expect_dropped(frame(arp), "arp_malformed");
}

}  // namespace
}  // namespace pb::test
