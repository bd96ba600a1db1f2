// tests/registry/test_key_cache.cpp — positive and negative expiry, the
// capacity bound (least recently used out), failures not cached.
#include <gtest/gtest.h>

#include "controlplane/registry/key_cache.hpp"

namespace pb::registry {
namespace {

using namespace std::chrono_literals;

const KeyCache::Clock::time_point t0{};

LookupResult found(uint8_t fill) {
    LookupResult result{LookupStatus::Found, {}, Failure::None, false};
    result.key.fill(fill);
    return result;
}

const LookupResult unknown{LookupStatus::Unknown, {}, Failure::NotFound, false};

TEST(KeyCache, PositiveAndNegativeEntriesExpireSeparately) {
    KeyCache cache({16, 300s, 30s});
    cache.put(1, found(0xaa), t0);
    cache.put(2, unknown, t0);
    ASSERT_TRUE(cache.get(1, t0 + 29s).has_value());
    EXPECT_TRUE(cache.get(1, t0 + 29s)->cached);
    EXPECT_EQ(cache.get(1, t0 + 29s)->key[0], 0xaa);
    EXPECT_EQ(cache.get(2, t0 + 29s)->status, LookupStatus::Unknown);
    EXPECT_FALSE(cache.get(2, t0 + 30s).has_value());
    EXPECT_TRUE(cache.get(1, t0 + 299s).has_value());
    EXPECT_FALSE(cache.get(1, t0 + 300s).has_value());
    EXPECT_EQ(cache.size(), 0u);
}

TEST(KeyCache, EvictsTheLeastRecentlyUsedWhenFull) {
    KeyCache cache({2, 300s, 30s});
    cache.put(1, found(1), t0);
    cache.put(2, found(2), t0);
    cache.get(1, t0);  // 2 is now the least recently used
    cache.put(3, found(3), t0);
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_TRUE(cache.get(1, t0).has_value());
    EXPECT_FALSE(cache.get(2, t0).has_value());
    EXPECT_TRUE(cache.get(3, t0).has_value());
}

TEST(KeyCache, ReplacesAnEntryAndDoesNotCacheFailuresToAsk) {
    KeyCache cache({4, 300s, 30s});
    cache.put(1, unknown, t0);
    cache.put(1, found(9), t0);
    EXPECT_EQ(cache.get(1, t0)->status, LookupStatus::Found);
    cache.put(2, LookupResult{LookupStatus::Failed, {}, Failure::Timeout, false}, t0);
    EXPECT_FALSE(cache.get(2, t0).has_value());
    cache.put(3, LookupResult{LookupStatus::Failed, {}, Failure::BadKey, false}, t0);
    EXPECT_EQ(cache.get(3, t0)->reason, Failure::BadKey);
    EXPECT_EQ(cache.size(), 2u);
}

}  // namespace
}  // namespace pb::registry
