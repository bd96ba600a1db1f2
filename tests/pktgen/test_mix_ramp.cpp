// tests/pktgen/test_mix_ramp.cpp — the weight table, the pair modes, the
// pacer and the rate search against a synthetic capacity.
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <set>

#include "pktgen/mix.hpp"
#include "pktgen/pacer.hpp"
#include "pktgen/ramp.hpp"

namespace pb::pktgen {
namespace {

TEST(KindTable, DrawsFollowTheWeights) {
    const KindTable table({60, 30, 0, 9, 1});
    Random r(1);
    std::array<int, kKindCount> counts{};
    const int n = 200000;
    for (int i = 0; i < n; ++i) ++counts[std::size_t(table.draw(r))];
    EXPECT_NEAR(counts[0] / double(n), 0.60, 0.01);
    EXPECT_NEAR(counts[1] / double(n), 0.30, 0.01);
    EXPECT_EQ(counts[2], 0);
    EXPECT_NEAR(counts[3] / double(n), 0.09, 0.01);
    EXPECT_NEAR(counts[4] / double(n), 0.01, 0.005);
    EXPECT_TRUE(table.has(Kind::Hostile));
    EXPECT_FALSE(table.has(Kind::Discover));
}

TEST(KindTable, ATinyWeightStillGetsASlot) {
    const KindTable table({1000000, 1, 0, 0, 0});
    EXPECT_TRUE(table.has(Kind::NotFound));
}

TEST(PairPicker, RandomNeverPicksTheSender) {
    const PairPicker p(RelayConfig{.pairs = PairMode::Random, .fixed = {}}, 5, 1);
    Random r(9);
    std::map<uint32_t, int> seen;
    for (int i = 0; i < 10000; ++i) {
        const uint32_t d = p.dest(2, r);
        ASSERT_NE(d, 2u);
        ASSERT_LT(d, 5u);
        ++seen[d];
    }
    EXPECT_EQ(seen.size(), 4u);
}

TEST(PairPicker, RingShuffledAndFixed) {
    Random r(1);
    const PairPicker ring(RelayConfig{.pairs = PairMode::Ring, .fixed = {}}, 4, 1);
    EXPECT_EQ(ring.dest(3, r), 0u);
    EXPECT_EQ(ring.dest(1, r), 2u);
    const PairPicker shuffled(RelayConfig{.pairs = PairMode::Shuffled, .fixed = {}}, 100, 7);
    std::set<uint32_t> dests;
    for (uint32_t s = 0; s < 100; ++s) {
        const uint32_t d = shuffled.dest(s, r);
        EXPECT_NE(d, s);
        EXPECT_EQ(shuffled.dest(s, r), d);  // fixed once chosen
        dests.insert(d);
    }
    EXPECT_EQ(dests.size(), 100u);  // a permutation
    const PairPicker fixed(RelayConfig{.pairs = PairMode::Fixed, .fixed = {{4, 1}, {0, 3}}}, 5, 1);
    EXPECT_EQ(fixed.dest(4, r), 1u);
    EXPECT_EQ(fixed.dest(0, r), 3u);
    EXPECT_EQ(fixed.fixed_senders(), (std::vector<uint32_t>{4, 0}));
}

TEST(Pacer, HoldsTheRateAndSkipsInsteadOfBursting) {
    Pacer p;
    const uint64_t hz = 1'000'000'000;
    p.start(0, 1000, hz, 10);  // 1,000 pps: one per ms
    EXPECT_EQ(p.due(500'000, 32), 0u);
    EXPECT_EQ(p.due(5'000'000, 32), 5u);
    p.sent(5);
    EXPECT_EQ(p.due(5'500'000, 32), 0u);
    EXPECT_EQ(p.due(100'000'000, 32), 10u);  // 95 due, capped at the backlog of 10
    EXPECT_EQ(p.skipped(), 85u);
    p.sent(10);
    EXPECT_EQ(p.due(101'000'000, 32), 1u);
    Pacer unpaced;
    unpaced.start(0, 0, hz, 1);
    EXPECT_EQ(unpaced.due(1, 32), 32u);
}

// A system under test that loses 5 % above `capacity` and nothing below.
double loss_at(uint64_t rate, uint64_t capacity) { return rate > capacity ? 0.05 : 0.0; }

TEST(RateSearch, ConvergesOnTheCapacity) {
    for (uint64_t capacity : {12'345u, 250'000u, 999'999u}) {
        RampConfig cfg;
        cfg.min_pps = 1000;
        cfg.resolution = 0.01;
        cfg.max_trials = 30;
        RateSearch search(cfg, 1'000'000);
        while (!search.done()) {
            const uint64_t rate = search.next_rate();
            search.record(rate, double(rate), loss_at(rate, capacity));
        }
        EXPECT_LE(search.best(), capacity);
        EXPECT_GE(double(search.best()), double(capacity) * 0.98) << capacity;
        EXPECT_EQ(search.trials().front().rate_pps, 1'000'000u);
    }
}

TEST(RateSearch, ACeilingThatPassesEndsTheSearch) {
    RampConfig cfg;
    RateSearch search(cfg, 50'000);
    search.record(search.next_rate(), 49'000, 0.0);
    EXPECT_TRUE(search.done());
    EXPECT_EQ(search.best(), 50'000u);
    EXPECT_EQ(search.best_offered(), 49'000);  // the generator fell a little short
}

TEST(RateSearch, StopsAtTheTrialLimitAndBelowTheFloor) {
    RampConfig cfg;
    cfg.max_trials = 3;
    cfg.min_pps = 1000;
    RateSearch limited(cfg, 1'000'000);
    while (!limited.done()) limited.record(limited.next_rate(), 0, 1.0);
    EXPECT_EQ(limited.trials().size(), 3u);
    EXPECT_EQ(limited.best(), 0u);
    cfg.max_trials = 100;
    RateSearch floor(cfg, 8000);
    while (!floor.done()) floor.record(floor.next_rate(), 0, 1.0);
    EXPECT_GE(floor.trials().back().rate_pps, 1000u);
    EXPECT_EQ(floor.best(), 0u);
}

TEST(RateSearch, APassAboveALowerFailureIsNotTrusted) {
    RampConfig cfg;
    RateSearch search(cfg, 100'000);
    search.record(100'000, 1e5, 0.5);
    search.record(50'000, 5e4, 0.0);
    search.record(75'000, 7.5e4, 0.0);
    search.record(60'000, 6e4, 0.5);  // noise: fails below a pass
    EXPECT_EQ(search.best(), 50'000u);
    EXPECT_EQ(search.best_offered(), 5e4);
}

}  // namespace
}  // namespace pb::pktgen
