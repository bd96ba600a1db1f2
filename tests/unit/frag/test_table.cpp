// The reassembly table's bounds: timeouts (lazy and by expire(), with fake
// TSC values), the table-full policy (oldest evicted), the held-fragment
// limit, a flood of never-completed datagrams, teardown, and the config.
#include <rte_ip.h>

#include <stdexcept>

#include "frag_test_support.hpp"

namespace pb::dp::frag::test {
namespace {

constexpr uint64_t kStart = 1'000'000;

class Table : public FragTest {
protected:
    rte_mbuf* first(uint32_t id, uint32_t length = 1480) {
        return raw(RawFragment{.id = id, .offset = 0, .length = length, .more = true});
    }
    rte_mbuf* last(uint32_t id, uint32_t offset = 1480) {
        return raw(RawFragment{.id = id, .offset = offset, .length = 520, .more = false});
    }
    rte_mbuf* feed(rte_mbuf* m, uint64_t now) { return reasm_->feed(m, kEthLen, now); }
    // Feeds the last fragment of `id` and expects the datagram to complete.
    void expect_completes(uint32_t id, uint64_t now) {
        rte_mbuf* out = feed(last(id), now);
        EXPECT_NE(out, nullptr) << "datagram " << id;
        rte_pktmbuf_free(out);
    }
};

TEST_F(Table, FragmentOfAnExpiredDatagramStartsAfresh) {
    auto& reasm = make_reassembler();
    const uint64_t timeout = reasm.timeout_cycles();
    ASSERT_GT(timeout, 0u);
    EXPECT_EQ(feed(first(1), kStart), nullptr);
    EXPECT_EQ(feed(last(1), kStart + timeout + 1), nullptr);
    EXPECT_EQ(counters_.timeout.read(), 1u);
    EXPECT_EQ(reasm.datagrams(), 1u);
    EXPECT_EQ(reasm.held_mbufs(), 1u);
}

TEST_F(Table, DatagramExactlyTimeoutOldStillCompletes) {
    auto& reasm = make_reassembler();
    EXPECT_EQ(feed(first(1), kStart), nullptr);
    expect_completes(1, kStart + reasm.timeout_cycles());
    EXPECT_EQ(counters_.timeout.read(), 0u);
}

TEST_F(Table, ExpireFreesOldestFirstWithinItsBudget) {
    auto& reasm = make_reassembler();
    const uint64_t timeout = reasm.timeout_cycles();
    for (uint32_t id = 0; id < 10; ++id) EXPECT_EQ(feed(first(id), kStart), nullptr);
    for (uint32_t id = 10; id < 15; ++id) EXPECT_EQ(feed(first(id), kStart + 100), nullptr);
    EXPECT_EQ(reasm.expire(kStart + timeout), 0u);
    EXPECT_EQ(reasm.expire(kStart + timeout + 1, 3), 3u);
    EXPECT_EQ(reasm.expire(kStart + timeout + 1), 7u);
    EXPECT_EQ(reasm.datagrams(), 5u);
    EXPECT_EQ(counters_.timeout.read(), 10u);
    expect_completes(12, kStart + timeout + 1);  // the younger ones are intact
    EXPECT_EQ(reasm.expire(kStart + 100 + timeout + 1), 4u);
    EXPECT_EQ(reasm.datagrams(), 0u);
    EXPECT_EQ(reasm.held_mbufs(), 0u);
}

TEST_F(Table, TimeoutFollowsTheTscRate) {
    auto& reasm = make_reassembler(ReassemblerConfig{.timeout_ms = 500});
    EXPECT_EQ(reasm.timeout_cycles(), rte_get_tsc_hz() / 2);
}

TEST_F(Table, FullTableEvictsTheOldestDatagram) {
    auto& reasm = make_reassembler(ReassemblerConfig{.max_datagrams = 4});
    for (uint32_t id = 0; id < 5; ++id) EXPECT_EQ(feed(first(id), kStart + id), nullptr);
    EXPECT_EQ(counters_.evicted_table_full.read(), 1u);
    EXPECT_EQ(reasm.datagrams(), 4u);
    EXPECT_EQ(feed(last(0), kStart + 10), nullptr);  // datagram 0 was the one evicted
    EXPECT_EQ(counters_.evicted_table_full.read(), 2u);  // and its piece pushed out datagram 1
    for (uint32_t id = 2; id < 5; ++id) expect_completes(id, kStart + 10);
    EXPECT_EQ(reasm.datagrams(), 1u);
}

TEST_F(Table, FullTableWithAnExpiredOldestCountsATimeout) {
    auto& reasm = make_reassembler(ReassemblerConfig{.max_datagrams = 2});
    EXPECT_EQ(feed(first(0), kStart), nullptr);
    EXPECT_EQ(feed(first(1), kStart + reasm.timeout_cycles()), nullptr);
    EXPECT_EQ(feed(first(2), kStart + reasm.timeout_cycles() + 1), nullptr);
    EXPECT_EQ(counters_.timeout.read(), 1u);
    EXPECT_EQ(counters_.evicted_table_full.read(), 0u);
    EXPECT_EQ(reasm.datagrams(), 2u);
}

TEST_F(Table, HeldFragmentLimitEvictsOtherDatagrams) {
    auto& reasm = make_reassembler(ReassemblerConfig{.max_held_mbufs = 64});
    auto hold = [&](uint32_t id, uint32_t pieces, uint64_t now) {
        EXPECT_EQ(feed(first(id, 48), now), nullptr);
        for (uint32_t i = 1; i < pieces; ++i)
            EXPECT_EQ(feed(raw(RawFragment{.id = id, .offset = 40 + 8 * i, .length = 8, .more = true}), now), nullptr);
    };
    hold(1, 40, kStart);
    hold(2, 30, kStart + 1);
    EXPECT_EQ(counters_.evicted_mbuf_limit.read(), 1u);
    EXPECT_EQ(reasm.datagrams(), 1u);
    EXPECT_EQ(reasm.held_mbufs(), 30u);
    // The survivor still completes.
    rte_mbuf* out = feed(raw(RawFragment{.id = 2, .offset = 48 + 8 * 29, .length = 8, .more = false}), kStart + 2);
    EXPECT_NE(out, nullptr);
    rte_pktmbuf_free(out);
}

TEST_F(Table, NeverCompletedFloodStaysBounded) {
    constexpr uint32_t kTable = 256;
    constexpr uint32_t kFlood = 5000;
    auto& reasm = make_reassembler(ReassemblerConfig{.max_datagrams = kTable, .max_held_mbufs = 1024});
    for (uint32_t id = 0; id < kFlood; ++id) {
        EXPECT_EQ(feed(first(id), kStart + id), nullptr);
        EXPECT_EQ(feed(raw(RawFragment{.id = id, .offset = 2960, .length = 1480, .more = true}), kStart + id),
                  nullptr);
        ASSERT_LE(reasm.datagrams(), kTable);
        ASSERT_LE(reasm.held_mbufs(), 2 * kTable);
    }
    EXPECT_EQ(counters_.evicted_table_full.read(), kFlood - kTable);
    EXPECT_EQ(reasm.held_mbufs(), 2 * kTable);
    EXPECT_EQ(reasm.flush(), kTable);
    EXPECT_EQ(reasm.held_mbufs(), 0u);
    EXPECT_EQ(rte_mempool_avail_count(pool_), pool_->size);
}

TEST_F(Table, DestructionFreesEveryHeldFragment) {
    make_reassembler();
    for (uint32_t id = 0; id < 100; ++id) EXPECT_EQ(feed(first(id), kStart), nullptr);
    EXPECT_LT(rte_mempool_avail_count(pool_), pool_->size);
    reasm_.reset();
    EXPECT_EQ(rte_mempool_avail_count(pool_), pool_->size);
}

TEST_F(Table, ConfigIsValidated) {
    EXPECT_THROW(make_reassembler(ReassemblerConfig{.max_datagrams = 0}), std::invalid_argument);
    EXPECT_THROW(make_reassembler(ReassemblerConfig{.timeout_ms = 0}), std::invalid_argument);
    EXPECT_THROW(make_reassembler(ReassemblerConfig{.max_held_mbufs = 63}), std::invalid_argument);
    EXPECT_NO_THROW(make_reassembler(ReassemblerConfig{.max_datagrams = 1, .max_held_mbufs = 64}));
}

TEST_F(Table, MemoryPerDatagramIsStated) {
    const size_t per = Reassembler::bytes_for(4096) / 4096;
    EXPECT_GT(per, 700u);
    EXPECT_LT(per, 1024u);
}

}  // namespace
}  // namespace pb::dp::frag::test
