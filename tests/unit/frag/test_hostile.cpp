// Hostile and broken fragments, each with its counter, for IPv4 and IPv6:
// overlaps, duplicates, lengths past 65,535, misalignment, too many pieces,
// tiny first fragments, other protocols, malformed headers, contradicting
// last fragments; plus what passes straight through.
#include <rte_ip.h>

#include "frag_test_support.hpp"

namespace pb::dp::frag::test {
namespace {

class Hostile : public FragTest, public ::testing::WithParamInterface<int> {
protected:
    void SetUp() override {
        FragTest::SetUp();
        make_reassembler();
    }
    int family() const { return GetParam(); }
    uint16_t l3_len() const { return family() == 4 ? sizeof(rte_ipv4_hdr) : sizeof(rte_ipv6_hdr); }
    rte_mbuf* piece(uint32_t offset, uint32_t length, bool more, uint32_t id = 0x4242) {
        return raw(RawFragment{.family = family(), .id = id, .offset = offset, .length = length, .more = more});
    }
    rte_mbuf* feed(rte_mbuf* m, uint64_t now = 1) { return reasm_->feed(m, kEthLen, now); }
    void expect_nothing_held() {
        EXPECT_EQ(reasm_->datagrams(), 0u);
        EXPECT_EQ(reasm_->held_mbufs(), 0u);
    }
    // A reassembled raw datagram carries pattern(0 .. total) after its IP header.
    void expect_payload(rte_mbuf* out, uint32_t total) {
        ASSERT_NE(out, nullptr);
        const auto bytes = bytes_of(out);
        ASSERT_EQ(bytes.size(), kEthLen + l3_len() + total);
        for (uint32_t i = 0; i < total; ++i) ASSERT_EQ(bytes[kEthLen + l3_len() + i], pattern(i)) << i;
        rte_pktmbuf_free(out);
    }
};

INSTANTIATE_TEST_SUITE_P(Frag, Hostile, ::testing::Values(4, 6),
                         [](const auto& info) { return "Ipv" + std::to_string(info.param); });

TEST_P(Hostile, OverlapDropsTheWholeDatagram) {
    EXPECT_EQ(feed(piece(0, 1480, true)), nullptr);
    EXPECT_EQ(feed(piece(1472, 528, false)), nullptr);
    EXPECT_EQ(counters_.overlap.read(), 1u);
    expect_nothing_held();
    // What is left of it never completes: it starts a new datagram.
    EXPECT_EQ(feed(piece(1480, 520, false)), nullptr);
    EXPECT_EQ(reasm_->datagrams(), 1u);
}

TEST_P(Hostile, OverlapInsideTheHeldRange) {
    EXPECT_EQ(feed(piece(0, 1480, true)), nullptr);
    EXPECT_EQ(feed(piece(2960, 1480, true)), nullptr);
    EXPECT_EQ(feed(piece(1480, 1488, true)), nullptr);  // ends 8 bytes into the third
    EXPECT_EQ(counters_.overlap.read(), 1u);
    expect_nothing_held();
}

TEST_P(Hostile, SameOffsetOtherLengthIsAnOverlap) {
    EXPECT_EQ(feed(piece(1480, 1480, true)), nullptr);
    EXPECT_EQ(feed(piece(1480, 520, false)), nullptr);
    EXPECT_EQ(counters_.overlap.read(), 1u);
    EXPECT_EQ(counters_.duplicate.read(), 0u);
    expect_nothing_held();
}

TEST_P(Hostile, ExactDuplicateIsDroppedAlone) {
    EXPECT_EQ(feed(piece(0, 1480, true)), nullptr);
    EXPECT_EQ(feed(piece(0, 1480, true)), nullptr);
    EXPECT_EQ(counters_.duplicate.read(), 1u);
    EXPECT_EQ(reasm_->held_mbufs(), 1u);
    expect_payload(feed(piece(1480, 520, false)), 2000);
    EXPECT_EQ(counters_.reassembled.read(), 1u);
    expect_nothing_held();
}

TEST_P(Hostile, FragmentEndingPast65535Bytes) {
    // IPv4 counts its 20-byte header in the 65,535; IPv6 the payload only.
    const uint32_t last_fit = family() == 4 ? 65535 - 20 : 65535;
    EXPECT_EQ(feed(piece(65504, 40, false)), nullptr);
    EXPECT_EQ(counters_.too_big.read(), 1u);
    expect_nothing_held();
    EXPECT_EQ(feed(piece(65480, last_fit - 65480, false)), nullptr);  // ends exactly at the limit
    EXPECT_EQ(counters_.too_big.read(), 1u);
    EXPECT_EQ(reasm_->held_mbufs(), 1u);
}

TEST_P(Hostile, NonLastFragmentNotAMultipleOf8) {
    EXPECT_EQ(feed(piece(0, 100, true)), nullptr);
    EXPECT_EQ(feed(piece(1480, 1001, true)), nullptr);
    EXPECT_EQ(counters_.misaligned.read(), 2u);
    expect_nothing_held();
    // The last fragment may have any length.
    EXPECT_EQ(feed(piece(1480, 1001, false)), nullptr);
    EXPECT_EQ(reasm_->held_mbufs(), 1u);
}

TEST_P(Hostile, MoreFragmentsThanTheFlowHolds) {
    EXPECT_EQ(feed(piece(0, 48, true)), nullptr);
    for (uint32_t i = 0; i < 63; ++i) EXPECT_EQ(feed(piece(48 + 8 * i, 8, true)), nullptr);
    EXPECT_EQ(reasm_->held_mbufs(), 64u);
    EXPECT_EQ(counters_.too_many_fragments.read(), 0u);
    EXPECT_EQ(feed(piece(48 + 8 * 63, 8, false)), nullptr);
    EXPECT_EQ(counters_.too_many_fragments.read(), 1u);
    expect_nothing_held();
}

TEST_P(Hostile, TinyFirstFragment) {
    EXPECT_EQ(feed(piece(0, 8, true)), nullptr);   // the UDP header alone
    EXPECT_EQ(feed(piece(0, 40, true)), nullptr);  // UDP header + 32 bytes
    EXPECT_EQ(counters_.tiny_first.read(), 2u);
    expect_nothing_held();
    EXPECT_EQ(feed(piece(0, 48, true)), nullptr);  // the smallest accepted
    EXPECT_EQ(reasm_->held_mbufs(), 1u);
    expect_payload(feed(piece(48, 8, false)), 56);
}

TEST_P(Hostile, OnlyUdpIsReassembled) {
    RawFragment tcp{.family = family(), .offset = 0, .length = 1480, .more = true, .protocol = IPPROTO_TCP};
    EXPECT_EQ(feed(raw(tcp)), nullptr);
    tcp.offset = 1480;
    tcp.length = 8;
    tcp.more = false;
    EXPECT_EQ(feed(raw(tcp)), nullptr);
    EXPECT_EQ(counters_.other_protocol.read(), 2u);
    expect_nothing_held();
}

TEST_P(Hostile, MalformedFragments) {
    const RawFragment base{.family = family(), .offset = 1480, .length = 64, .more = true};
    auto truncated = raw_fragment_bytes(base);  // IP length beyond the frame
    truncated.resize(truncated.size() - 10);
    EXPECT_EQ(feed(to_mbuf(pool_, truncated)), nullptr);
    auto header_cut = raw_fragment_bytes(base);  // not even the IP header
    header_cut.resize(kEthLen + 12);
    EXPECT_EQ(feed(to_mbuf(pool_, header_cut)), nullptr);
    auto bad_version = raw_fragment_bytes(base);
    bad_version[kEthLen] = 0x55;
    EXPECT_EQ(feed(to_mbuf(pool_, bad_version)), nullptr);
    EXPECT_EQ(feed(piece(1480, 0, true)), nullptr);  // empty fragment
    // Headers split over segments: the input stage never sees such frames
    // from a NIC, but they must be refused, not read past.
    EXPECT_EQ(feed(to_mbuf(pool_, raw_fragment_bytes(base), kEthLen + 10)), nullptr);
    EXPECT_EQ(counters_.malformed.read(), 5u);
    expect_nothing_held();
}

TEST_P(Hostile, LastFragmentsThatContradictEachOther) {
    EXPECT_EQ(feed(piece(1480, 520, false)), nullptr);  // length 2000
    EXPECT_EQ(feed(piece(2000, 8, false)), nullptr);    // length 2008?
    EXPECT_EQ(counters_.inconsistent_length.read(), 1u);
    expect_nothing_held();
    EXPECT_EQ(feed(piece(1480, 520, false)), nullptr);
    EXPECT_EQ(feed(piece(2000, 48, true)), nullptr);  // data past the end
    EXPECT_EQ(counters_.inconsistent_length.read(), 2u);
    expect_nothing_held();
    EXPECT_EQ(feed(piece(2960, 1480, true)), nullptr);
    EXPECT_EQ(feed(piece(1480, 520, false)), nullptr);  // ends before held data
    EXPECT_EQ(counters_.inconsistent_length.read(), 3u);
    expect_nothing_held();
}

TEST_P(Hostile, LinkPaddingIsTrimmed) {
    EXPECT_EQ(feed(piece(0, 48, true)), nullptr);
    auto padded = raw_fragment_bytes(RawFragment{.family = family(), .offset = 48, .length = 8, .more = false});
    padded.resize(padded.size() + 20, 0xee);  // as an Ethernet minimum frame would be
    expect_payload(feed(to_mbuf(pool_, padded)), 56);
}

TEST_P(Hostile, NonFragmentsPassThroughUntouched) {
    const auto frame = make_frame(DatagramSpec{.family = family(), .payload_len = 200});
    rte_mbuf* m = to_mbuf(pool_, frame);
    EXPECT_EQ(feed(m), m);
    EXPECT_EQ(bytes_of(m), frame);
    rte_pktmbuf_free(m);
    EXPECT_EQ(counters_.unfragmented.read(), 1u);
    expect_nothing_held();
}

TEST_F(FragTest, Ipv6AtomicFragmentLosesItsFragmentHeader) {
    make_reassembler();
    // RFC 6946: offset 0 and M clear — a whole datagram in a Fragment header.
    rte_mbuf* out = reasm_->feed(raw(RawFragment{.family = 6, .offset = 0, .length = 108, .more = false}), kEthLen, 1);
    ASSERT_NE(out, nullptr);
    EXPECT_EQ(rte_pktmbuf_pkt_len(out), kEthLen + sizeof(rte_ipv6_hdr) + 108);
    const auto* ip = rte_pktmbuf_mtod_offset(out, const rte_ipv6_hdr*, kEthLen);
    EXPECT_EQ(ip->proto, IPPROTO_UDP);
    EXPECT_EQ(rte_be_to_cpu_16(ip->payload_len), 108);
    EXPECT_EQ(rte_pktmbuf_mtod(out, const uint8_t*)[13], 0xdd);  // Ethernet type still 0x86dd
    const auto bytes = bytes_of(out);
    for (uint32_t i = 0; i < 108; ++i) ASSERT_EQ(bytes[kEthLen + sizeof(rte_ipv6_hdr) + i], pattern(i));
    rte_pktmbuf_free(out);
    EXPECT_EQ(counters_.unfragmented.read(), 1u);
    // Without a whole UDP header it is a tiny first fragment.
    EXPECT_EQ(reasm_->feed(raw(RawFragment{.family = 6, .offset = 0, .length = 4, .more = false}), kEthLen, 1),
              nullptr);
    EXPECT_EQ(counters_.tiny_first.read(), 1u);
}

}  // namespace
}  // namespace pb::dp::frag::test
