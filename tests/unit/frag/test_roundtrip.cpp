// Reassembly of datagrams cut by our own egress fragmenter: 4 KiB, 16 KiB and
// the largest UDP datagrams, IPv4 and IPv6, in order, reversed and shuffled;
// the result must equal the original frame byte for byte.
#include <rte_ip.h>
#include <rte_ip_frag.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "dataplane/frag/fragmenter.hpp"
#include "frag_test_support.hpp"

namespace pb::dp::frag::test {
namespace {

enum class Order { InOrder, Reversed, Shuffled };

constexpr uint32_t kShuffleSeed = 20240611;
constexpr uint16_t kMinContiguous = 8 + 40;  // UDP header + 40 payload bytes

size_t expected_fragments(int family, uint32_t payload) {
    switch (payload) {
        case 4096: return 3;
        case 16384: return 12;
        default: return family == 4 ? 45 : 46;  // 65,507 (+8 UDP) in 1480- or 1448-byte pieces
    }
}

void reorder(std::vector<rte_mbuf*>& fragments, Order order, uint32_t seed = kShuffleSeed) {
    if (order == Order::Reversed) std::reverse(fragments.begin(), fragments.end());
    if (order == Order::Shuffled) {
        std::mt19937 rng(seed);
        std::shuffle(fragments.begin(), fragments.end(), rng);
    }
}

// The reassembled datagram equals the original frame and its headers check out.
void expect_reassembled(const rte_mbuf* out, const std::vector<uint8_t>& frame, const DatagramSpec& spec) {
    const uint16_t l2 = l2_len_of(spec);
    const uint16_t l3 = spec.family == 4 ? sizeof(rte_ipv4_hdr) : sizeof(rte_ipv6_hdr);
    ASSERT_EQ(rte_pktmbuf_pkt_len(out), frame.size());
    EXPECT_GE(rte_pktmbuf_data_len(out), l2 + l3 + kMinContiguous);
    const std::vector<uint8_t> bytes = bytes_of(out);
    const auto mismatch = std::mismatch(bytes.begin(), bytes.end(), frame.begin(), frame.end());
    EXPECT_TRUE(mismatch.first == bytes.end()) << "first difference at byte " << (mismatch.first - bytes.begin());
    EXPECT_EQ(out->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK, RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN);
    EXPECT_EQ(out->l2_len, l2);
    EXPECT_EQ(out->l3_len, l3);
    if (spec.family == 4) {
        const auto* ip = rte_pktmbuf_mtod_offset(out, const rte_ipv4_hdr*, l2);
        EXPECT_EQ(rte_be_to_cpu_16(ip->total_length), frame.size() - l2);
        EXPECT_FALSE(rte_ipv4_frag_pkt_is_fragmented(ip));
        EXPECT_EQ(rte_ipv4_cksum(ip), 0);  // a valid header sums to 0xffff
        EXPECT_EQ(rte_ipv4_udptcp_cksum_mbuf_verify(out, ip, l2 + l3), 0);
    } else {
        const auto* ip = rte_pktmbuf_mtod_offset(out, const rte_ipv6_hdr*, l2);
        EXPECT_EQ(rte_be_to_cpu_16(ip->payload_len), frame.size() - l2 - l3);
        EXPECT_EQ(ip->proto, IPPROTO_UDP);
        EXPECT_EQ(rte_ipv6_udptcp_cksum_mbuf_verify(out, ip, l2 + l3), 0);
    }
}

class Reassembly : public FragTest {
protected:
    void SetUp() override {
        FragTest::SetUp();
        make_reassembler();
    }
    // Fragments a datagram at 1500, feeds the fragments in `order`, and
    // checks that the original comes back and nothing stays held.
    void expect_round_trip(const DatagramSpec& spec, Order order, size_t expected_count) {
        const auto frame = make_frame(spec);
        auto fragments = fragments_of(frame, spec);
        EXPECT_EQ(fragments.size(), expected_count);
        reorder(fragments, order);
        rte_mbuf* out = feed_all(fragments, 1, l2_len_of(spec));
        ASSERT_NE(out, nullptr);
        expect_reassembled(out, frame, spec);
        rte_pktmbuf_free(out);
        EXPECT_EQ(reasm_->datagrams(), 0u);
        EXPECT_EQ(reasm_->held_mbufs(), 0u);
    }
};

class RoundTrip : public Reassembly, public ::testing::WithParamInterface<std::tuple<int, uint32_t, Order>> {};

TEST_P(RoundTrip, ReassemblesTheOriginalDatagram) {
    const auto [family, payload, order] = GetParam();
    const size_t count = expected_fragments(family, payload);
    expect_round_trip(DatagramSpec{.family = family, .payload_len = payload}, order, count);
    EXPECT_EQ(counters_.fragments.read(), count);
    EXPECT_EQ(counters_.reassembled.read(), 1u);
}

std::string case_name(const ::testing::TestParamInfo<RoundTrip::ParamType>& info) {
    static const char* const kOrders[] = {"InOrder", "Reversed", "Shuffled"};
    return "Ipv" + std::to_string(std::get<0>(info.param)) + "_" + std::to_string(std::get<1>(info.param)) + "_" +
           kOrders[static_cast<int>(std::get<2>(info.param))];
}

INSTANTIATE_TEST_SUITE_P(Frag, RoundTrip,
                         ::testing::Combine(::testing::Values(4, 6), ::testing::Values(4096u, 16384u, 65507u),
                                            ::testing::Values(Order::InOrder, Order::Reversed, Order::Shuffled)),
                         case_name);

TEST_F(Reassembly, LargestIpv6UdpDatagram) {
    expect_round_trip(DatagramSpec{.family = 6, .payload_len = 65527}, Order::Shuffled, 46);  // payload_len 65,535
}

TEST_F(Reassembly, VlanTaggedFramesBothFamilies) {
    for (int family : {4, 6})
        expect_round_trip(DatagramSpec{.family = family, .payload_len = 16384, .vlan = true}, Order::Shuffled, 12);
}

// The relay path: a reassembled chain goes out again, cut to another MTU.
TEST_F(Reassembly, ReassembledDatagramFragmentsAgain) {
    for (int family : {4, 6}) {
        const DatagramSpec spec{.family = family, .payload_len = 16384};
        const auto frame = make_frame(spec);
        rte_mbuf* first = feed_all(fragments_of(frame, spec, kMtu));
        ASSERT_NE(first, nullptr);
        std::vector<rte_mbuf*> out;
        constexpr uint16_t kSmallMtu = 1280;
        ASSERT_GT(fragment(family, first, kEthLen, kSmallMtu, out), 12);
        for (auto& m : out) m = over_the_wire(m);
        reorder(out, Order::Reversed);
        rte_mbuf* second = feed_all(out);
        ASSERT_NE(second, nullptr);
        expect_reassembled(second, frame, spec);
        rte_pktmbuf_free(second);
    }
}

// Any MTU of the configured range (576..9600), not only those that leave a
// multiple of 8 bytes after the IP header: every fragment fits the MTU,
// every one but the last carries a multiple of 8 bytes (offsets count
// 8-byte units), and the pieces, in offset order, are the datagram's IP
// payload. (DPDK 22.11's fragmenters round the piece size down themselves.)
TEST_F(Reassembly, OddMtusCutOnEightByteBoundaries) {
    const std::pair<int, std::vector<uint16_t>> cases[] = {
        {4, {576, 577, 1279, 1499, 1500, 4001, 8999, 9000, 9600}},
        {6, {1280, 1281, 1499, 1500, 4001, 8999, 9000, 9600}},
    };
    for (const auto& [family, mtus] : cases)
        for (const uint16_t mtu : mtus) {
            SCOPED_TRACE("IPv" + std::to_string(family) + " MTU " + std::to_string(mtu));
            const DatagramSpec spec{.family = family, .payload_len = 30000};
            const auto frame = make_frame(spec);
            const uint32_t l3 = family == 4 ? sizeof(rte_ipv4_hdr) : sizeof(rte_ipv6_hdr);
            const uint32_t headers = family == 4 ? l3 : l3 + sizeof(rte_ipv6_fragment_ext);
            std::vector<rte_mbuf*> out;
            ASSERT_GT(fragment(family, to_mbuf(pool_, frame), kEthLen, mtu, out), 1);
            std::vector<uint8_t> payload;
            for (size_t i = 0; i < out.size(); ++i) {
                const std::vector<uint8_t> bytes = bytes_of(out[i]);
                const uint32_t ip_len = uint32_t(bytes.size()) - kEthLen;
                EXPECT_LE(ip_len, mtu) << "fragment " << i;
                if (i + 1 < out.size()) {
                    EXPECT_EQ((ip_len - headers) % 8, 0u) << "fragment " << i;
                }
                payload.insert(payload.end(), bytes.begin() + kEthLen + headers, bytes.end());
                rte_pktmbuf_free(out[i]);
            }
            EXPECT_TRUE(std::equal(payload.begin(), payload.end(), frame.begin() + kEthLen + l3, frame.end()));
            EXPECT_EQ(payload.size(), frame.size() - kEthLen - l3);
        }
}

TEST_F(Reassembly, InterleavedDatagramsCompleteIndependently) {
    constexpr unsigned kDatagrams = 8;
    std::vector<std::vector<uint8_t>> frames;
    std::vector<rte_mbuf*> all;
    for (unsigned i = 0; i < kDatagrams; ++i) {
        // One identification for all, sources differ: keys must not mix.
        const DatagramSpec spec{.family = i < kDatagrams / 2 ? 4 : 6, .payload_len = 4096 + i * 100, .ip_id = 7,
                                .src_host = uint8_t(2 + i)};
        frames.push_back(make_frame(spec));
        const auto fragments = fragments_of(frames.back(), spec);
        all.insert(all.end(), fragments.begin(), fragments.end());
    }
    reorder(all, Order::Shuffled);
    unsigned completed = 0;
    for (rte_mbuf* m : all) {
        rte_mbuf* out = reasm_->feed(m, kEthLen, 1);
        if (out == nullptr) continue;
        const auto bytes = bytes_of(out);
        EXPECT_EQ(std::count(frames.begin(), frames.end(), bytes), 1);
        rte_pktmbuf_free(out);
        ++completed;
    }
    EXPECT_EQ(completed, kDatagrams);
    EXPECT_EQ(reasm_->held_mbufs(), 0u);
}

}  // namespace
}  // namespace pb::dp::frag::test
