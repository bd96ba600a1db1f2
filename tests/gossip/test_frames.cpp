// Unit tests for the frames the control plane builds and reads as bytes:
// ARP requests / Neighbour Solicitations and their replies
// (controlplane/neighbours/neighbour_frames), gossip UDP frames
// (controlplane/gossip/udp_frame). Checksums are verified independently.
#include <gtest/gtest.h>

#include <netinet/in.h>

#include <numeric>
#include <vector>

#include "controlplane/gossip/udp_frame.hpp"
#include "controlplane/neighbours/neighbour_frames.hpp"

using namespace pb::cp;
using pb::net::Endpoint;
using pb::net::IpAddress;

namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }
const nbr::Mac kPeerMac{0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};

pb::dp::LocalInterface iface(uint16_t vlan = 0) {
    pb::dp::LocalInterface li;
    li.mac = {{0x02, 0x11, 0x22, 0x33, 0x44, 0x55}};
    li.has_ipv4 = true;
    const IpAddress v4 = ip("10.0.0.1");
    std::memcpy(&li.ipv4, v4.bytes.data(), 4);
    li.has_ipv6 = true;
    li.ipv6 = ip("fd00::1").bytes;
    li.ipv6_link_local = pb::dp::link_local_from_mac(li.mac);
    li.beacon_port = htons(9001);
    li.vlan_id = vlan;
    return li;
}

// RFC 1071 sum over 16-bit words.
uint32_t sum16(const uint8_t* p, size_t n, uint32_t sum = 0) {
    for (size_t i = 0; i + 1 < n; i += 2) sum += uint32_t(p[i] << 8 | p[i + 1]);
    if (n & 1) sum += uint32_t(p[n - 1] << 8);
    return sum;
}
uint16_t fold(uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(sum);
}
// True when the L4 checksum of an IPv6 packet at `l3` verifies.
bool ipv6_l4_checksum_ok(const uint8_t* l3) {
    const size_t len = size_t(l3[4] << 8 | l3[5]);
    uint32_t sum = sum16(l3 + 8, 32);  // source and destination
    sum += uint32_t(len) + l3[6];
    return fold(sum16(l3 + 40, len, sum)) == 0xffff;
}
bool ipv4_udp_checksum_ok(const uint8_t* l3) {
    const size_t ihl = size_t(l3[0] & 0xf) * 4, total = size_t(l3[2] << 8 | l3[3]);
    if (fold(sum16(l3, ihl)) != 0xffff) return false;
    uint32_t sum = sum16(l3 + 12, 8) + 17 + uint32_t(total - ihl);
    return fold(sum16(l3 + ihl, total - ihl, sum)) == 0xffff;
}

}  // namespace

TEST(NeighbourFrames, ArpRequestBroadcastAndUnicast) {
    nbr::RequestFrame f;
    const size_t n = nbr::build_arp_request(f, iface(), ip("10.0.0.7"), std::nullopt);
    ASSERT_EQ(n, 60u);  // padded to the Ethernet minimum
    EXPECT_EQ(std::vector<uint8_t>(f.begin(), f.begin() + 6), std::vector<uint8_t>(6, 0xff));
    EXPECT_EQ(f[12], 0x08);
    EXPECT_EQ(f[13], 0x06);
    EXPECT_EQ(f[21], 1);                                                    // opcode request
    EXPECT_EQ(std::vector<uint8_t>(f.begin() + 28, f.begin() + 32), (std::vector<uint8_t>{10, 0, 0, 1}));  // sender IP
    EXPECT_EQ(std::vector<uint8_t>(f.begin() + 38, f.begin() + 42), (std::vector<uint8_t>{10, 0, 0, 7}));  // target IP
    ASSERT_EQ(nbr::build_arp_request(f, iface(42), ip("10.0.0.7"), kPeerMac), 60u);
    EXPECT_EQ(std::vector<uint8_t>(f.begin(), f.begin() + 6), std::vector<uint8_t>(kPeerMac.begin(), kPeerMac.end()));
    EXPECT_EQ(f[12], 0x81);  // VLAN tag
    EXPECT_EQ(f[15], 42);
    EXPECT_EQ(nbr::build_arp_request(f, iface(), ip("fd00::7"), std::nullopt), 0u);
}

TEST(NeighbourFrames, SolicitationToTheSolicitedNodeGroup) {
    nbr::RequestFrame f;
    const size_t n = nbr::build_neighbour_solicitation(f, iface(), ip("fd00::12:3456"), std::nullopt);
    ASSERT_EQ(n, 14u + 40 + 32);
    EXPECT_EQ(std::vector<uint8_t>(f.begin(), f.begin() + 6), (std::vector<uint8_t>{0x33, 0x33, 0xff, 0x12, 0x34, 0x56}));
    const uint8_t* l3 = f.data() + 14;
    EXPECT_EQ(l3[7], 255);  // hop limit
    EXPECT_EQ(IpAddress::v6_bytes(l3 + 8), ip("fd00::1"));
    EXPECT_EQ(IpAddress::v6_bytes(l3 + 24), ip("ff02::1:ff12:3456"));
    EXPECT_EQ(l3[40], 135);
    EXPECT_EQ(IpAddress::v6_bytes(l3 + 48), ip("fd00::12:3456"));
    EXPECT_EQ(l3[64], 1);  // source link-layer option with our MAC
    EXPECT_EQ(l3[66], 0x02);
    EXPECT_EQ(l3[71], 0x55);
    EXPECT_TRUE(ipv6_l4_checksum_ok(l3));
    // A link-local target is asked from our link-local address; unicast goes to the target.
    ASSERT_GT(nbr::build_neighbour_solicitation(f, iface(), ip("fe80::1"), kPeerMac), 0u);
    EXPECT_EQ(IpAddress::v6_bytes(f.data() + 14 + 8).bytes[0], 0xfe);
    EXPECT_EQ(IpAddress::v6_bytes(f.data() + 14 + 24), ip("fe80::1"));
    EXPECT_TRUE(ipv6_l4_checksum_ok(f.data() + 14));
}

TEST(NeighbourFrames, RepliesAreRead) {
    // An ARP reply is our request turned around.
    nbr::RequestFrame f;
    nbr::build_arp_request(f, iface(7), ip("10.0.0.7"), std::nullopt);
    f[18 + 7] = 2;                               // opcode reply
    std::copy(kPeerMac.begin(), kPeerMac.end(), f.begin() + 18 + 8);
    const uint8_t sip[4] = {10, 0, 0, 7};
    std::copy(sip, sip + 4, f.begin() + 18 + 14);
    auto reply = nbr::parse_neighbour_reply({f.data(), 60});
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->address, ip("10.0.0.7"));
    EXPECT_EQ(reply->mac, kPeerMac);
    f[18 + 7] = 1;  // a request is not a reply
    EXPECT_FALSE(nbr::parse_neighbour_reply({f.data(), 60}));

    // A Neighbour Advertisement with a target link-layer option...
    std::vector<uint8_t> na(14 + 40 + 32, 0);
    na[12] = 0x86, na[13] = 0xdd;
    std::copy(kPeerMac.begin(), kPeerMac.end(), na.begin() + 6);
    uint8_t* l3 = na.data() + 14;
    l3[0] = 0x60, l3[5] = 32, l3[6] = 58, l3[7] = 255;
    l3[40] = 136;
    const IpAddress target = ip("fd00::7");
    std::copy(target.bytes.begin(), target.bytes.end(), l3 + 48);
    l3[64] = 2, l3[65] = 1;
    const nbr::Mac option_mac{0x02, 1, 2, 3, 4, 5};
    std::copy(option_mac.begin(), option_mac.end(), l3 + 66);
    reply = nbr::parse_neighbour_reply(na);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->address, target);
    EXPECT_EQ(reply->mac, option_mac);
    // ... and without one: the Ethernet source.
    l3[5] = 24;
    reply = nbr::parse_neighbour_reply({na.data(), 14 + 40 + 24});
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->mac, kPeerMac);
    l3[5] = 32, l3[65] = 0;  // zero-length option: invalid
    EXPECT_FALSE(nbr::parse_neighbour_reply(na));
    EXPECT_FALSE(nbr::parse_neighbour_reply({na.data(), 20}));
}

TEST(UdpFrame, BuildAndParseBothFamilies) {
    std::vector<uint8_t> payload(3000);
    std::iota(payload.begin(), payload.end(), uint8_t(0));
    std::vector<uint8_t> frame;
    ASSERT_TRUE(gossip::build_udp_frame(frame, iface(), {ip("10.9.0.2"), 9002}, kPeerMac, payload, 0x1234));
    EXPECT_EQ(frame.size(), gossip::udp_frame_size(iface(), pb::net::Family::V4, payload.size()));
    EXPECT_TRUE(ipv4_udp_checksum_ok(frame.data() + 14));
    EXPECT_EQ(frame[14 + 6] & 0x40, 0);  // DF clear: the datagram may be fragmented
    EXPECT_EQ(std::vector<uint8_t>(frame.begin(), frame.begin() + 6), std::vector<uint8_t>(kPeerMac.begin(), kPeerMac.end()));
    auto view = gossip::parse_udp_frame(frame);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->source, (Endpoint{ip("10.0.0.1"), 9001}));
    EXPECT_EQ(view->source_mac, (nbr::Mac{0x02, 0x11, 0x22, 0x33, 0x44, 0x55}));
    EXPECT_TRUE(std::equal(view->payload.begin(), view->payload.end(), payload.begin(), payload.end()));

    ASSERT_TRUE(gossip::build_udp_frame(frame, iface(5), {ip("fd00::2"), 9002}, kPeerMac, payload, 0));
    EXPECT_EQ(frame.size(), 18u + 40 + 8 + payload.size());
    EXPECT_TRUE(ipv6_l4_checksum_ok(frame.data() + 18));
    view = gossip::parse_udp_frame(frame);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->source, (Endpoint{ip("fd00::1"), 9001}));
    EXPECT_EQ(view->payload.size(), payload.size());
    EXPECT_FALSE(gossip::parse_udp_frame({frame.data(), frame.size() - 1}));  // truncated
}

TEST(UdpFrame, RefusesWhatCannotBeSent) {
    std::vector<uint8_t> frame;
    pb::dp::LocalInterface no_v6 = iface();
    no_v6.has_ipv6 = false;
    const std::vector<uint8_t> small(10);
    EXPECT_FALSE(gossip::build_udp_frame(frame, no_v6, {ip("fd00::2"), 1}, kPeerMac, small, 0));
    const std::vector<uint8_t> huge(65508);
    EXPECT_FALSE(gossip::build_udp_frame(frame, iface(), {ip("10.0.0.2"), 1}, kPeerMac, huge, 0));
    const std::vector<uint8_t> largest(65507);
    EXPECT_TRUE(gossip::build_udp_frame(frame, iface(), {ip("10.0.0.2"), 1}, kPeerMac, largest, 0));
}
