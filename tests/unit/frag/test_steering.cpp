// fragment_owner: every fragment of a datagram (first one with UDP ports,
// later ones without) goes to the same worker; different datagrams spread.
#include "dataplane/frag/steering.hpp"

#include <rte_udp.h>

#include <array>

#include "frag_test_support.hpp"

namespace pb::dp::frag::test {
namespace {

class Steering : public FragTest, public ::testing::WithParamInterface<int> {};

INSTANTIATE_TEST_SUITE_P(Frag, Steering, ::testing::Values(4, 6),
                         [](const auto& info) { return "Ipv" + std::to_string(info.param); });

TEST_P(Steering, AllFragmentsOfADatagramShareAnOwner) {
    constexpr unsigned kDatagrams = 50;
    for (unsigned d = 0; d < kDatagrams; ++d) {
        const DatagramSpec spec{.family = GetParam(), .payload_len = 16384, .ip_id = uint16_t(1000 + d),
                                .src_host = uint8_t(2 + d % 7)};
        const auto fragments = fragments_of(make_frame(spec), spec);
        ASSERT_EQ(fragments.size(), 12u);
        for (unsigned workers : {2u, 3u, 4u, 8u, 16u}) {
            const uint32_t owner = fragment_owner(fragments[0], kEthLen, workers);
            EXPECT_LT(owner, workers);
            for (const rte_mbuf* m : fragments) EXPECT_EQ(fragment_owner(m, kEthLen, workers), owner);
        }
        for (rte_mbuf* m : fragments) rte_pktmbuf_free(m);
    }
}

TEST_P(Steering, OwnerIgnoresUdpPorts) {
    auto a = raw_fragment_bytes(RawFragment{.family = GetParam(), .offset = 0, .length = 1480, .more = true});
    auto b = a;
    const size_t udp = kEthLen + (GetParam() == 4 ? 20 : 48);
    b[udp] ^= 0x5a;      // source port
    b[udp + 3] ^= 0xa5;  // destination port
    rte_mbuf* ma = to_mbuf(pool_, a);
    rte_mbuf* mb = to_mbuf(pool_, b);
    for (unsigned workers = 2; workers <= 16; ++workers)
        EXPECT_EQ(fragment_owner(ma, kEthLen, workers), fragment_owner(mb, kEthLen, workers));
    rte_pktmbuf_free(ma);
    rte_pktmbuf_free(mb);
}

TEST_P(Steering, DatagramsSpreadOverWorkers) {
    constexpr unsigned kWorkers = 4;
    constexpr unsigned kDatagrams = 4000;
    std::array<unsigned, kWorkers> load{};
    for (uint32_t id = 0; id < kDatagrams; ++id) {
        rte_mbuf* m = raw(RawFragment{.family = GetParam(), .id = id, .offset = 1480, .length = 8,
                                      .more = false, .src_host = uint8_t(2 + id % 5)});
        ++load[fragment_owner(m, kEthLen, kWorkers)];
        rte_pktmbuf_free(m);
    }
    for (unsigned w = 0; w < kWorkers; ++w) {
        EXPECT_GT(load[w], kDatagrams / kWorkers * 8 / 10) << "worker " << w;
        EXPECT_LT(load[w], kDatagrams / kWorkers * 12 / 10) << "worker " << w;
    }
}

TEST_F(FragTest, OwnerIsZeroForOneWorkerOrUnreadableHeaders) {
    rte_mbuf* m = raw(RawFragment{.id = 99, .offset = 8, .length = 8, .more = true});
    EXPECT_EQ(fragment_owner(m, kEthLen, 0), 0u);
    EXPECT_EQ(fragment_owner(m, kEthLen, 1), 0u);
    rte_pktmbuf_free(m);
    auto garbage = raw_fragment_bytes(RawFragment{.id = 99, .offset = 8, .length = 8, .more = true});
    garbage.resize(kEthLen + 6);
    m = to_mbuf(pool_, garbage);
    EXPECT_EQ(fragment_owner(m, kEthLen, 8), 0u);
    rte_pktmbuf_free(m);
}

}  // namespace
}  // namespace pb::dp::frag::test
