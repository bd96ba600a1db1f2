// Unit tests for common/tables/node_table: PROTOCOL.md §2-3 semantics
// (update interval, first-write-wins keys, capacity, TTL) and the
// lock-free multi-writer protocol under real threads.
#include "common/tables/node_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace pb::tables;
using pb::net::IpAddress;

namespace {

NodeEndpoint endpoint(const char* ip, uint16_t port) {
    return NodeEndpoint{*IpAddress::parse(ip), port, Mac{2, 0, 0, 0, 0, 1}};
}

DiscoverUpdate discover(uint32_t id, const NodeEndpoint& e, uint32_t now, uint32_t interval = 30) {
    DiscoverUpdate u;
    u.id = id;
    u.endpoint = e;
    u.now_s = now;
    u.min_move_interval_s = interval;
    return u;
}

}  // namespace

TEST(NodeTable, InsertLookupBothFamilies) {
    NodeTable t(100);
    EXPECT_EQ(t.upsert(discover(7, endpoint("192.0.2.1", 4000), 10)), WriteResult::Inserted);
    EXPECT_EQ(t.upsert(discover(8, endpoint("2001:db8::8", 5000), 10)), WriteResult::Inserted);
    NodeView v;
    ASSERT_TRUE(t.lookup(7, v));
    EXPECT_EQ(v.endpoint, endpoint("192.0.2.1", 4000));
    EXPECT_EQ(v.last_seen_s, 10u);
    EXPECT_FALSE(v.wants_dest);
    ASSERT_TRUE(t.lookup(8, v));
    EXPECT_EQ(v.endpoint, endpoint("2001:db8::8", 5000));
    EXPECT_FALSE(t.lookup(9, v));
    EXPECT_EQ(t.size(), 2u);
}

TEST(NodeTable, EndpointMovesAtMostOncePerInterval) {
    NodeTable t(10);
    t.upsert(discover(1, endpoint("192.0.2.1", 1), 100));
    EXPECT_EQ(t.upsert(discover(1, endpoint("192.0.2.1", 1), 105)), WriteResult::Refreshed);
    EXPECT_EQ(t.upsert(discover(1, endpoint("192.0.2.2", 2), 110)), WriteResult::Throttled);
    NodeView v;
    ASSERT_TRUE(t.lookup(1, v));
    EXPECT_EQ(v.endpoint, endpoint("192.0.2.1", 1));
    EXPECT_EQ(v.last_seen_s, 105u);
    EXPECT_EQ(t.upsert(discover(1, endpoint("192.0.2.2", 2), 130)), WriteResult::Moved);
    ASSERT_TRUE(t.lookup(1, v));
    EXPECT_EQ(v.endpoint, endpoint("192.0.2.2", 2));
    // A punch requester (interval 0) moves at once.
    EXPECT_EQ(t.upsert(discover(1, endpoint("2001:db8::1", 3), 131, 0)), WriteResult::Moved);
    ASSERT_TRUE(t.lookup(1, v));
    EXPECT_EQ(v.endpoint, endpoint("2001:db8::1", 3));
}

TEST(NodeTable, PublicKeyFirstWriteWinsAndWantsDestSticks) {
    NodeTable t(10);
    PublicKey a{}, b{};
    a.fill(0xaa);
    b.fill(0xbb);
    auto u = discover(5, endpoint("192.0.2.5", 5), 1);
    PublicKey out;
    t.upsert(u);
    EXPECT_FALSE(t.public_key(5, out));
    u.public_key = a.data();
    u.wants_dest = true;
    t.upsert(u);
    u.public_key = b.data();
    u.wants_dest = false;
    t.upsert(u);
    ASSERT_TRUE(t.public_key(5, out));
    EXPECT_EQ(out, a);
    NodeView v;
    ASSERT_TRUE(t.lookup(5, v));
    EXPECT_TRUE(v.wants_dest);
    EXPECT_TRUE(v.has_public_key);
}

TEST(NodeTable, KnownKeyPinsEndpointInStrictMode) {
    NodeTable t(10);
    PublicKey key{};
    key.fill(0x11);
    auto u = discover(3, endpoint("192.0.2.3", 3), 0);
    u.public_key = key.data();
    u.key_pins_endpoint = true;
    EXPECT_EQ(t.upsert(u), WriteResult::Inserted);
    auto hijack = discover(3, endpoint("198.51.100.66", 666), 100);
    hijack.key_pins_endpoint = true;
    EXPECT_EQ(t.upsert(hijack), WriteResult::Pinned);
    auto refresh = discover(3, endpoint("192.0.2.3", 3), 101);
    refresh.key_pins_endpoint = true;
    EXPECT_EQ(t.upsert(refresh), WriteResult::Refreshed);
    NodeView v;
    ASSERT_TRUE(t.lookup(3, v));
    EXPECT_EQ(v.endpoint, endpoint("192.0.2.3", 3));
    // Without strict mode the same message moves it once the interval has passed.
    hijack.key_pins_endpoint = false;
    EXPECT_EQ(t.upsert(hijack), WriteResult::Moved);
}

TEST(NodeTable, CapacityRefusesNewNodesButRefreshesOld) {
    NodeTable t(3);
    for (uint32_t id = 1; id <= 3; ++id) EXPECT_EQ(t.upsert(discover(id, endpoint("192.0.2.1", 1), 0)), WriteResult::Inserted);
    EXPECT_EQ(t.upsert(discover(4, endpoint("192.0.2.1", 1), 0)), WriteResult::Full);
    EXPECT_EQ(t.upsert(discover(2, endpoint("192.0.2.1", 1), 1)), WriteResult::Refreshed);
    EXPECT_EQ(t.size(), 3u);
}

TEST(NodeTable, ReapRemovesOnlyExpiredAndFreesCapacity) {
    NodeTable t(4);
    t.upsert(discover(1, endpoint("192.0.2.1", 1), 0));
    t.upsert(discover(2, endpoint("192.0.2.2", 2), 500));
    EXPECT_EQ(t.reap_all(600, 600), 1u);
    NodeView v;
    EXPECT_FALSE(t.lookup(1, v));
    EXPECT_TRUE(t.lookup(2, v));
    EXPECT_EQ(t.size(), 1u);
    EXPECT_EQ(t.upsert(discover(1, endpoint("192.0.2.1", 1), 601)), WriteResult::Inserted);
}

TEST(NodeTable, RemoveTakesOneIdOutAndFreesCapacity) {
    NodeTable t(3);
    for (uint32_t id = 1; id <= 3; ++id) t.upsert(discover(id, endpoint("192.0.2.1", 1), 0));
    EXPECT_TRUE(t.remove(2));
    EXPECT_FALSE(t.remove(2));
    EXPECT_FALSE(t.remove(99));
    NodeView v;
    EXPECT_FALSE(t.lookup(2, v));
    EXPECT_TRUE(t.lookup(1, v));
    EXPECT_TRUE(t.lookup(3, v));
    EXPECT_EQ(t.size(), 2u);
    EXPECT_EQ(t.upsert(discover(4, endpoint("192.0.2.1", 1), 0)), WriteResult::Inserted);
}

TEST(NodeTable, RemoveInsideProbeChainsKeepsTheRestReachable) {
    // A full small table has long chains: removing every other id must leave
    // the others findable, and the removed ones insertable again.
    constexpr uint32_t kIds = 400;
    NodeTable t(kIds);
    for (uint32_t id = 1; id <= kIds; ++id) ASSERT_EQ(t.upsert(discover(id, endpoint("192.0.2.1", 1), 0)), WriteResult::Inserted);
    for (uint32_t id = 1; id <= kIds; id += 2) ASSERT_TRUE(t.remove(id)) << id;
    NodeView v;
    for (uint32_t id = 1; id <= kIds; ++id) ASSERT_EQ(t.lookup(id, v), id % 2 == 0) << id;
    EXPECT_EQ(t.size(), kIds / 2);
    for (uint32_t id = 1; id <= kIds; id += 2) ASSERT_EQ(t.upsert(discover(id, endpoint("192.0.2.1", 1), 1)), WriteResult::Inserted);
    EXPECT_EQ(t.size(), kIds);
}

TEST(NodeTable, RemoveBesideConcurrentWriters) {
    // The control plane removes and re-adds peer routes while a worker keeps
    // refreshing other ids: nothing it did not remove disappears.
    constexpr uint32_t kIds = 10000;
    NodeTable t(2 * kIds);
    for (uint32_t id = 1; id <= 2 * kIds; ++id) t.upsert(discover(id, endpoint("192.0.2.1", 1), 0, 0));
    std::thread writer([&] {
        for (uint32_t round = 1; round <= 5; ++round)
            for (uint32_t id = kIds + 1; id <= 2 * kIds; ++id) t.upsert(discover(id, endpoint("192.0.2.1", 1), round, 0));
    });
    for (uint32_t round = 0; round < 5; ++round) {
        for (uint32_t id = 1; id <= kIds; ++id) ASSERT_TRUE(t.remove(id));
        for (uint32_t id = 1; id <= kIds; ++id) ASSERT_EQ(t.upsert(discover(id, endpoint("192.0.2.2", 2), 0, 0)), WriteResult::Inserted);
    }
    writer.join();
    NodeView v;
    for (uint32_t id = 1; id <= 2 * kIds; ++id) ASSERT_TRUE(t.lookup(id, v)) << id;
    EXPECT_EQ(t.size(), 2 * kIds);
}

TEST(NodeTable, ChurnKeepsEveryLiveNodeReachable) {
    // Many insert/expire rounds through a small table: tombstones are reused
    // or released, so every live node stays findable and inserts never fail.
    NodeTable t(64);
    uint32_t now = 0;
    for (uint32_t round = 0; round < 200; ++round, now += 10) {
        for (uint32_t k = 0; k < 50; ++k) {
            const uint32_t id = round * 50 + k + 1;
            ASSERT_EQ(t.upsert(discover(id, endpoint("192.0.2.1", uint16_t(k + 1)), now)), WriteResult::Inserted);
        }
        for (uint32_t k = 0; k < 50; ++k) {
            NodeView v;
            ASSERT_TRUE(t.lookup(round * 50 + k + 1, v));
        }
        t.reap_all(now + 10, 5);
        ASSERT_EQ(t.size(), 0u);
    }
}

TEST(NodeTable, ForEachIdVisitsLiveNodes) {
    NodeTable t(100);
    for (uint32_t id = 10; id < 20; ++id) t.upsert(discover(id, endpoint("192.0.2.1", 1), 0));
    uint64_t sum = 0, count = 0;
    t.for_each_id([&](uint32_t id) { sum += id, ++count; });
    EXPECT_EQ(count, 10u);
    EXPECT_EQ(sum, 145u);
}

TEST(NodeTable, ConcurrentWritersAndReadersAgree) {
    // Two writers insert and move overlapping ids while a reader checks that
    // every endpoint it sees is one that was written (no torn reads).
    constexpr uint32_t kIds = 20000;
    NodeTable t(kIds);
    std::atomic<bool> done{false};
    auto writer = [&](uint16_t base_port) {
        for (uint32_t round = 0; round < 5; ++round)
            for (uint32_t id = 1; id <= kIds; ++id)
                t.upsert(discover(id, endpoint("192.0.2.9", uint16_t(base_port + round)), round, 0));
    };
    uint64_t torn = 0, seen = 0;
    std::thread reader([&] {
        while (!done.load()) {
            for (uint32_t id = 1; id <= kIds; id += 7) {
                NodeView v;
                if (!t.lookup(id, v)) continue;
                ++seen;
                const bool valid = v.endpoint.address == *IpAddress::parse("192.0.2.9") &&
                                   ((v.endpoint.port >= 1000 && v.endpoint.port < 1005) ||
                                    (v.endpoint.port >= 2000 && v.endpoint.port < 2005));
                torn += !valid;
            }
        }
    });
    std::thread w1(writer, uint16_t(1000)), w2(writer, uint16_t(2000));
    w1.join();
    w2.join();
    done = true;
    reader.join();
    EXPECT_EQ(torn, 0u);
    EXPECT_GT(seen, 0u);
    EXPECT_EQ(t.size(), kIds);  // no duplicates survived the insert races
    for (uint32_t id = 1; id <= kIds; ++id) {
        NodeView v;
        ASSERT_TRUE(t.lookup(id, v)) << id;
    }
}

TEST(NodeTable, RefreshingWritersNeverHideANodeFromReaders) {
    // More refreshing writers than CPUs, so some are preempted in the middle
    // of a write: a reader must still find the node, every time, with its
    // endpoint (a refresh changes only the last-seen time).
    NodeTable t(16);
    const NodeEndpoint e = endpoint("192.0.2.7", 7000);
    ASSERT_EQ(t.upsert(discover(1, e, 0)), WriteResult::Inserted);
    const unsigned writers = std::max(4u, 2 * std::thread::hardware_concurrency());
    std::atomic<bool> done{false};
    std::vector<std::thread> threads;
    for (unsigned w = 0; w < writers; ++w)
        threads.emplace_back([&] {
            for (uint32_t now = 1; !done.load(std::memory_order_relaxed); ++now) t.upsert(discover(1, e, now));
        });
    uint64_t lookups = 0, missed = 0, wrong = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    while (std::chrono::steady_clock::now() < until) {
        for (int i = 0; i < 1000; ++i, ++lookups) {
            NodeView v;
            if (!t.lookup(1, v))
                ++missed;
            else
                wrong += v.endpoint != e;
        }
    }
    done = true;
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(missed, 0u) << "of " << lookups << " lookups";
    EXPECT_EQ(wrong, 0u);
    EXPECT_GT(lookups, 0u);
}

TEST(NodeTable, RefreshRacingTheReaperIsNeverLost) {
    // Nodes last seen at 0 are refreshed at 100 while the reaper expires
    // everything older than 50 s at 100: whichever of the two CASes wins, a
    // refresh that returned Refreshed or Inserted leaves the node present.
    constexpr uint32_t kIds = 20000;
    NodeTable t(kIds);
    const NodeEndpoint e = endpoint("192.0.2.5", 5000);
    for (uint32_t id = 1; id <= kIds; ++id) ASSERT_EQ(t.upsert(discover(id, e, 0)), WriteResult::Inserted);
    std::atomic<bool> done{false};
    size_t reaped = 0;
    std::thread reaper([&] {
        while (!done.load()) reaped += t.reap_all(100, 50);
    });
    uint64_t refreshed = 0, inserted = 0, other = 0;
    for (uint32_t id = 1; id <= kIds; ++id) {
        switch (t.upsert(discover(id, e, 100))) {
            case WriteResult::Refreshed: ++refreshed; break;
            case WriteResult::Inserted: ++inserted; break;
            default: ++other; break;
        }
    }
    done = true;
    reaper.join();
    EXPECT_EQ(other, 0u);
    EXPECT_EQ(refreshed + inserted, kIds);
    EXPECT_EQ(reaped, size_t(inserted));  // a node is inserted again only after the reaper took it
    for (uint32_t id = 1; id <= kIds; ++id) {
        NodeView v;
        ASSERT_TRUE(t.lookup(id, v)) << id;
        EXPECT_EQ(v.last_seen_s, 100u);
    }
    EXPECT_EQ(t.size(), kIds);
}
