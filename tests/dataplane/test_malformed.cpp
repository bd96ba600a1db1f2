// tests/dataplane/test_malformed.cpp — every broken IPv4/IPv6/UDP/ICMP shape
// the FrameBuilder can make is dropped, counted by exactly its own counter,
// and never answered.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/support/dataplane_fixture.hpp"

namespace pb::test {
namespace {

using net::Family;

struct MalformedCase {
    std::string name;
    Family family;
    // Completes a frame from the test peer to us (Ethernet and IP addressed).
    std::function<void(FrameBuilder&)> shape;
    std::string counter;
};

void PrintTo(const MalformedCase& c, std::ostream* out) { *out << c.name; }

// Valid-looking payloads the knobs then break.
void echo(FrameBuilder& f) { f.icmp_echo(1, 1, pattern_bytes(24)); }
void beacon(FrameBuilder& f) { f.udp(40002, 9001, Bytes{0x01, 0, 0, 0, 42}); }

const MalformedCase kCases[] = {
    // IPv4 header
    {"Ipv4BadHeaderChecksum", Family::V4, [](FrameBuilder& f) { echo(f); f.ip_checksum(Checksum::Bad); }, "ip_bad_checksum"},
    {"Ipv4ZeroHeaderChecksum", Family::V4, [](FrameBuilder& f) { echo(f); f.ip_checksum(Checksum::Zero); }, "ip_bad_checksum"},
    {"Ipv4Version5", Family::V4, [](FrameBuilder& f) { echo(f); f.ip_version(5); }, "ip_malformed"},
    {"Ipv4Version6InAnIpv4Frame", Family::V4, [](FrameBuilder& f) { echo(f); f.ip_version(6); }, "ip_malformed"},
    {"Ipv4IhlBelow5", Family::V4, [](FrameBuilder& f) { echo(f); f.ipv4_ihl(4); }, "ip_malformed"},
    {"Ipv4IhlBeyondTotalLength", Family::V4, [](FrameBuilder& f) { f.l4_raw(17, Bytes(8, 0)).ipv4_ihl(15); }, "ip_malformed"},
    {"Ipv4TotalLengthBeyondFrame", Family::V4, [](FrameBuilder& f) { echo(f); f.ip_length_delta(10); }, "ip_malformed"},
    {"Ipv4TotalLengthBeyondPaddedFrame", Family::V4, [](FrameBuilder& f) { f.icmp_echo(1, 1, {}).ip_length_delta(30).pad_to(60); }, "ip_malformed"},
    {"Ipv4TotalLengthBelowHeader", Family::V4, [](FrameBuilder& f) { echo(f); f.ip_length_delta(-(8 + 24 + 1)); }, "ip_malformed"},
    {"Ipv4HeaderTruncated", Family::V4, [](FrameBuilder& f) { echo(f); f.truncate_to(14 + 12); }, "ip_malformed"},
    {"Ipv4OptionsTruncated", Family::V4, [](FrameBuilder& f) { f.ipv4_options(Bytes(8, 1)).l4_raw(17, {}).truncate_to(14 + 24); }, "ip_malformed"},
    {"Ipv4OtherProtocol", Family::V4, [](FrameBuilder& f) { f.l4_raw(6, Bytes(20, 0)); }, "ip_other_protocol"},
    // UDP over IPv4
    {"Udp4BadChecksum", Family::V4, [](FrameBuilder& f) { beacon(f); f.l4_checksum(Checksum::Bad); }, "udp_bad_checksum"},
    {"Udp4LengthBeyondIpPayload", Family::V4, [](FrameBuilder& f) { beacon(f); f.udp_length_delta(4); }, "udp_malformed"},
    {"Udp4LengthBelowIpPayload", Family::V4, [](FrameBuilder& f) { beacon(f); f.udp_length_delta(-2); }, "udp_malformed"},
    {"Udp4LengthBelowHeader", Family::V4, [](FrameBuilder& f) { beacon(f); f.udp_length_delta(-6); }, "udp_malformed"},
    {"Udp4HeaderTruncated", Family::V4, [](FrameBuilder& f) { f.l4_raw(17, Bytes{0x9c, 0x42, 0x23, 0x29}); }, "udp_malformed"},
    {"Udp4HeaderCutByTheFrame", Family::V4, [](FrameBuilder& f) { beacon(f); f.truncate_to(14 + 20 + 4); }, "ip_malformed"},
    // ICMP
    {"IcmpTruncated", Family::V4, [](FrameBuilder& f) { f.l4_raw(1, Bytes{8, 0}); }, "icmp_ignored"},
    // IPv6 header
    {"Ipv6Version4", Family::V6, [](FrameBuilder& f) { echo(f); f.ip_version(4); }, "ip_malformed"},
    {"Ipv6PayloadLengthBeyondFrame", Family::V6, [](FrameBuilder& f) { echo(f); f.ip_length_delta(1); }, "ip_malformed"},
    {"Ipv6HeaderTruncated", Family::V6, [](FrameBuilder& f) { echo(f); f.truncate_to(14 + 39); }, "ip_malformed"},
    {"Ipv6OtherNextHeader", Family::V6, [](FrameBuilder& f) { f.l4_raw(6, Bytes(20, 0)); }, "ip_other_protocol"},
    // UDP over IPv6
    {"Udp6BadChecksum", Family::V6, [](FrameBuilder& f) { beacon(f); f.l4_checksum(Checksum::Bad); }, "udp_bad_checksum"},
    {"Udp6ZeroChecksum", Family::V6, [](FrameBuilder& f) { beacon(f); f.l4_checksum(Checksum::Zero); }, "udp_bad_checksum"},
    {"Udp6LengthBeyondIpPayload", Family::V6, [](FrameBuilder& f) { beacon(f); f.udp_length_delta(4); }, "udp_malformed"},
    {"Udp6LengthBelowHeader", Family::V6, [](FrameBuilder& f) { beacon(f); f.udp_length_delta(-6); }, "udp_malformed"},
    {"Udp6HeaderTruncated", Family::V6, [](FrameBuilder& f) { f.l4_raw(17, Bytes{0x9c, 0x42, 0x23, 0x29}); }, "udp_malformed"},
    // ICMPv6
    {"Icmp6Truncated", Family::V6, [](FrameBuilder& f) { f.l4_raw(58, Bytes{128, 0}); }, "icmp6_malformed"},
};

class MalformedFrame : public DataplaneFixture, public ::testing::WithParamInterface<MalformedCase> {};

TEST_P(MalformedFrame, IsDroppedWithItsCounter) {
    FrameBuilder builder = frame_from(peer, GetParam().family);
    GetParam().shape(builder);
    expect_dropped(builder.build(), GetParam().counter);
}

TEST_P(MalformedFrame, IsDroppedWithItsCounterOnQueueOne) {
    FrameBuilder builder = frame_from(peer, GetParam().family);
    GetParam().shape(builder);
    expect_dropped(builder.build(), GetParam().counter, 1);
    EXPECT_EQ(dataplane().counter_snapshot(0)["rx_packets"], 0u);
}

INSTANTIATE_TEST_SUITE_P(Shapes, MalformedFrame, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<MalformedCase>& info) { return info.param.name; });

}  // namespace
}  // namespace pb::test
