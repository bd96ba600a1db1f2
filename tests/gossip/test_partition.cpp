// Unit tests for the sender's id choices: Sync sizes, parts, the sticky
// subset for Go peers, pacing, and the id-set sort.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <set>
#include <vector>

#include "controlplane/gossip/compat_selection.hpp"
#include "controlplane/gossip/id_sort.hpp"
#include "controlplane/gossip/pacer.hpp"
#include "controlplane/gossip/partition.hpp"
#include "controlplane/gossip/sync_codec.hpp"

using namespace pb::cp::gossip;
using pb::net::Family;

namespace {
std::vector<uint32_t> range(uint32_t first, uint32_t count) {
    std::vector<uint32_t> v(count);
    std::iota(v.begin(), v.end(), first);
    return v;
}
}  // namespace

TEST(Partition, Sizes) {
    EXPECT_EQ(compat_id_limit(), 16370u);
    EXPECT_LE(sync_size(compat_id_limit()), 65507u);  // one IPv4 UDP datagram
    EXPECT_GT(sync_size(compat_id_limit() + 1), 65507u);
    EXPECT_EQ(ids_per_part(1500, Family::V4), 361u);
    EXPECT_EQ(ids_per_part(1500, Family::V6), 356u);
    EXPECT_LE(20 + 8 + sync_size(ids_per_part(1500, Family::V4)), 1500u);
    EXPECT_LE(40 + 8 + sync_size(ids_per_part(576, Family::V6)), 576u);
    EXPECT_GE(ids_per_part(576, Family::V6), 125u);  // PeerRoutes::max_parts relies on it
    EXPECT_EQ(ids_per_part(9000, Family::V4), 2236u);
}

TEST(Partition, PartsCoverEveryIdOnce) {
    for (uint32_t n : {0u, 1u, 360u, 361u, 362u, 1000000u}) {
        const auto ids = range(1, n);
        const uint32_t parts = part_count(ids.size(), 361);
        EXPECT_EQ(parts, std::max<uint32_t>(1, (n + 360) / 361)) << n;
        size_t total = 0;
        uint32_t next = 1;
        for (uint32_t p = 0; p < parts; ++p) {
            const auto part = part_ids(ids, 361, p);
            EXPECT_LE(part.size(), 361u);
            if (p + 1 < parts) {
                EXPECT_EQ(part.size(), 361u);
            }
            for (uint32_t id : part) ASSERT_EQ(id, next++);
            total += part.size();
        }
        EXPECT_EQ(total, n);
        EXPECT_TRUE(part_ids(ids, 361, parts).empty());
    }
}

namespace {
// Presence as the node table would answer it: membership of this round's ids.
CompatSelection::Present present_in(const std::vector<uint32_t>& ids) {
    return [&ids](uint32_t id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
}
}  // namespace

TEST(CompatSelection, EverythingWhenItFits) {
    CompatSelection s;
    const auto ids = range(1, 100);
    const auto chosen = s.select(ids, 100, present_in(ids));
    EXPECT_TRUE(std::equal(chosen.begin(), chosen.end(), ids.begin(), ids.end()));
    EXPECT_FALSE(s.partial());
}

TEST(CompatSelection, StickyWhenThereAreMore) {
    CompatSelection s;
    auto ids = range(1, 1000);
    auto first = s.select(ids, 100, present_in(ids));
    EXPECT_TRUE(s.partial());
    const std::set<uint32_t> before(first.begin(), first.end());
    ASSERT_EQ(before.size(), 100u);
    // New ids ahead in table order do not push the chosen ones out.
    auto more = range(5000, 500);
    more.insert(more.end(), ids.begin(), ids.end());
    auto second = s.select(more, 100, present_in(more));
    EXPECT_EQ(std::set<uint32_t>(second.begin(), second.end()), before);
    // Ten chosen ids leave: ten others take their place, the rest stay.
    std::vector<uint32_t> fewer;
    std::copy_if(more.begin(), more.end(), std::back_inserter(fewer), [](uint32_t id) { return id > 10; });
    auto third = s.select(fewer, 100, present_in(fewer));
    const std::set<uint32_t> after(third.begin(), third.end());
    EXPECT_EQ(after.size(), 100u);
    size_t kept = 0;
    for (uint32_t id : before) kept += after.count(id);
    EXPECT_EQ(kept, 90u);
    for (uint32_t id : after) EXPECT_NE(std::find(fewer.begin(), fewer.end(), id), fewer.end()) << id;
}

TEST(Pacer, HeadStartThenLinearThenCatchUp) {
    Pacer p;
    p.start(1000, 8000, 10000);
    EXPECT_EQ(p.allowance(1000), Pacer::kHeadStart);
    p.sent(Pacer::kHeadStart);
    EXPECT_EQ(p.allowance(1000), 0u);
    EXPECT_EQ(p.allowance(5000), 5000u);  // half the window: half the frames, plus the head start, minus sent
    p.sent(5000);
    EXPECT_EQ(p.allowance(9000), 10000u - 5064u);
    p.sent(10000 - 5064);
    EXPECT_EQ(p.allowance(9000), Pacer::kHeadStart);  // over the window with work left: keep going
    Pacer small;
    small.start(0, 8000, 10);
    EXPECT_EQ(small.allowance(0), 10u);  // a small round leaves at once
}

TEST(IdSort, SortsAndDropsDuplicatesAtAnySize) {
    std::mt19937 rng(7);
    for (size_t n : {0u, 1u, 100u, 4095u, 4096u, 200000u}) {
        std::vector<uint32_t> ids(n);
        for (auto& id : ids) id = n > 1000 && id % 3 == 0 ? uint32_t(rng() % 1000) : uint32_t(rng());
        std::vector<uint32_t> want = ids;
        std::sort(want.begin(), want.end());
        want.erase(std::unique(want.begin(), want.end()), want.end());
        sort_unique_ids(ids);
        EXPECT_EQ(ids, want) << n;
    }
}
