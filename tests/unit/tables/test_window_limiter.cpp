// Unit tests for common/tables/window_limiter: the fixed windows of
// PROTOCOL.md §3/§8 (exact counts, windows that start at a source's first
// packet), exact source keys, sweeping, the fail-closed full table, and
// exactness across threads with an injected clock.
#include "common/tables/window_limiter.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <barrier>
#include <cstring>
#include <latch>
#include <ostream>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace pb::tables;
using pb::net::IpAddress;

namespace pb::tables {
void PrintTo(Admission a, std::ostream* os) {
    static constexpr const char* kNames[] = {"Admitted", "Limited", "Full", "Busy"};
    *os << kNames[size_t(a)];
}
}  // namespace pb::tables

namespace {

constexpr uint64_t kUs = 1'000;
constexpr uint64_t kMs = 1'000'000;
constexpr uint64_t kSecond = 1'000'000'000;
constexpr uint64_t kMinute = 60 * kSecond;

uint16_t be16(uint16_t v) { return uint16_t(v << 8 | v >> 8); }

// 198.18.x.y (the benchmarking range) in network order, as read from a header.
uint32_t addr_be(uint32_t n) {
    const IpAddress a = IpAddress::v4(0xC6120000u | (n & 0xffff));
    uint32_t word;
    std::memcpy(&word, a.bytes.data(), 4);
    return word;
}

SourceKey endpoint(uint32_t n, uint16_t port = 4000) { return SourceKey::from_ipv4(addr_be(n), be16(port)); }

SourceKey v6_endpoint(const char* text, uint16_t port) {
    return SourceKey::from_ipv6(IpAddress::parse(text)->bytes.data(), be16(port));
}

SourceKey ip(const char* text) { return SourceKey::from_ip(*IpAddress::parse(text)); }

// Admits `count` packets at `now`; returns how many were admitted.
uint32_t admit_n(WindowLimiter& limiter, const SourceKey& key, uint64_t now, uint32_t count) {
    uint32_t admitted = 0;
    for (uint32_t i = 0; i < count; ++i) admitted += limiter.admit(key, now) == Admission::Admitted;
    return admitted;
}

}  // namespace

TEST(SourceKey, ExactAndCanonical) {
    const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 198, 18, 0, 7};
    EXPECT_EQ(endpoint(7), endpoint(7));
    EXPECT_NE(endpoint(7), endpoint(7, 4001));
    EXPECT_NE(endpoint(7), endpoint(8));
    // An IPv4-mapped IPv6 source is that IPv4 source.
    EXPECT_EQ(SourceKey::from_ipv6(mapped, be16(4000)), endpoint(7));
    EXPECT_EQ(ip("::ffff:198.18.0.7"), ip("198.18.0.7"));
    EXPECT_EQ(SourceKey::from_ip(IpAddress::v6_bytes(mapped)), ip("198.18.0.7"));
    // Address keys, endpoint keys and node ids never collide.
    EXPECT_NE(ip("198.18.0.7"), SourceKey::from_ipv4(addr_be(7), 0));
    EXPECT_NE(SourceKey::from_node_id(addr_be(7)), SourceKey::from_ipv4(addr_be(7), 0));
    EXPECT_NE(SourceKey::from_node_id(addr_be(7)), ip("198.18.0.7"));
    // IPv6 keys hold all 128 bits.
    EXPECT_NE(v6_endpoint("2001:db8::1", 9), v6_endpoint("2001:db8::1:0:0:0:1", 9));
    EXPECT_NE(v6_endpoint("2001:db8::1", 9), v6_endpoint("2001:db8::1", 10));
    EXPECT_EQ(ip("2001:db8::1"), ip("2001:db8::1"));
    EXPECT_NE(ip("2001:db8::1"), v6_endpoint("2001:db8::1", 0));
}

TEST(WindowLimiter, ExactlyLimitPerWindowThenDenied) {
    WindowLimiter limiter(100, 5, kSecond, 5 * kMinute);
    const uint64_t t0 = 10 * kSecond;
    for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.admit(endpoint(1), t0 + uint64_t(i) * kMs), Admission::Admitted);
    EXPECT_EQ(limiter.admit(endpoint(1), t0 + 5 * kMs), Admission::Limited);
    EXPECT_EQ(limiter.admit(endpoint(1), t0 + kSecond - kUs), Admission::Limited);
    // The next window: again exactly 5.
    EXPECT_EQ(admit_n(limiter, endpoint(1), t0 + kSecond, 9), 5u);
    EXPECT_EQ(limiter.size(), 1u);
}

TEST(WindowLimiter, WindowStartsAtFirstPacketNotAligned) {
    WindowLimiter limiter(100, 3, kSecond, 5 * kMinute);
    const uint64_t t0 = 3 * kSecond + 217'349 * kUs;
    EXPECT_EQ(admit_n(limiter, endpoint(1), t0, 4), 3u);
    EXPECT_EQ(limiter.admit(endpoint(1), t0 + kSecond - kUs), Admission::Limited);
    // Silence after the window: the next window starts at the next packet, t1.
    const uint64_t t1 = t0 + 1500 * kMs;
    EXPECT_EQ(admit_n(limiter, endpoint(1), t1, 4), 3u);
    EXPECT_EQ(limiter.admit(endpoint(1), t0 + 2 * kSecond), Admission::Limited);  // not aligned to t0
    EXPECT_EQ(limiter.admit(endpoint(1), 5 * kSecond), Admission::Limited);       // nor to the clock
    EXPECT_EQ(limiter.admit(endpoint(1), t1 + kSecond - kUs), Admission::Limited);
    EXPECT_EQ(limiter.admit(endpoint(1), t1 + kSecond), Admission::Admitted);
}

TEST(WindowLimiter, WorkerClockSlightlyBehindCountsInCurrentWindow) {
    WindowLimiter limiter(100, 2, kSecond, 5 * kMinute);
    const uint64_t t0 = 50 * kSecond;
    EXPECT_EQ(admit_n(limiter, endpoint(1), t0, 2), 2u);
    // Another worker's clock reads a few µs earlier: same window, no reset.
    EXPECT_EQ(limiter.admit(endpoint(1), t0 - 3 * kUs), Admission::Limited);
    EXPECT_EQ(limiter.admit(endpoint(1), t0 + kSecond), Admission::Admitted);
}

TEST(WindowLimiter, SourcesAreIndependent) {
    WindowLimiter limiter(100, 1, kSecond, 5 * kMinute);
    const std::array<SourceKey, 8> keys = {
        endpoint(1, 4000),
        endpoint(1, 4001),  // same IP, another port
        endpoint(2, 4000),
        v6_endpoint("2001:db8::1", 4000),
        v6_endpoint("2001:db8::1", 4001),
        SourceKey::from_node_id(1),
        ip("198.18.0.1"),  // the address alone (punch/reply limiters)
        ip("2001:db8::1"),
    };
    const uint64_t t = kSecond;
    for (const SourceKey& k : keys) EXPECT_EQ(limiter.admit(k, t), Admission::Admitted);
    for (const SourceKey& k : keys) EXPECT_EQ(limiter.admit(k, t), Admission::Limited);
    EXPECT_EQ(limiter.size(), keys.size());
}

TEST(WindowLimiter, PunchPerIpIgnoresPort) {
    WindowLimiter per_ip(1000, 1, kSecond, 5 * kMinute);
    const uint64_t t = 7 * kSecond;
    auto punch_from = [&](const char* address, uint16_t port, uint64_t now) {
        const pb::net::Endpoint source{*IpAddress::parse(address), port};
        return per_ip.admit(SourceKey::from_ip(source.address), now);  // per source IP: no port
    };
    EXPECT_EQ(punch_from("192.0.2.7", 1000, t), Admission::Admitted);
    EXPECT_EQ(punch_from("192.0.2.7", 2000, t + 10 * kMs), Admission::Limited);
    EXPECT_EQ(punch_from("::ffff:192.0.2.7", 3000, t + 20 * kMs), Admission::Limited);
    EXPECT_EQ(punch_from("192.0.2.8", 1000, t + 30 * kMs), Admission::Admitted);
    EXPECT_EQ(punch_from("2001:db8::7", 1000, t + 40 * kMs), Admission::Admitted);
    EXPECT_EQ(punch_from("2001:db8::7", 1001, t + 50 * kMs), Admission::Limited);
    EXPECT_EQ(punch_from("192.0.2.7", 2000, t + kSecond), Admission::Admitted);
}

TEST(WindowLimiter, LimitZeroIsUnlimited) {
    WindowLimiter limiter(0, 0, kSecond, 5 * kMinute);  // no table at all
    for (uint32_t i = 0; i < 10000; ++i) ASSERT_EQ(limiter.admit(endpoint(i % 3), kSecond), Admission::Admitted);
    EXPECT_EQ(limiter.size(), 0u);
    EXPECT_EQ(limiter.sweep(kMinute), 0u);
    GlobalWindow global(0, kSecond);
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(global.admit(kSecond));
}

TEST(WindowLimiter, RejectsImpossibleConfigurations) {
    EXPECT_THROW(WindowLimiter(0, 10, kSecond, kMinute), std::invalid_argument);
    EXPECT_THROW(WindowLimiter(10, 10, 0, kMinute), std::invalid_argument);
    EXPECT_THROW(WindowLimiter(10, 10, WindowLimiter::kMaxWindowNs + 1, kMinute), std::invalid_argument);
    EXPECT_THROW(WindowLimiter(10, 10, kSecond, WindowLimiter::kMaxIdleNs + 1), std::invalid_argument);
    EXPECT_THROW(GlobalWindow(10, 999), std::invalid_argument);
    EXPECT_EQ(WindowLimiter::slot_count_for(1000), 2031u);
    EXPECT_LE(WindowLimiter::bytes_for(1'000'000), 1'000'000 * 80 + 4096u);
}

TEST(GlobalWindow, AtMostLimitPerWindowStartingAtFirstPacket) {
    GlobalWindow global(10, kSecond);
    const uint64_t t0 = 5 * kSecond + 500 * kMs;
    for (int i = 0; i < 10; ++i) EXPECT_TRUE(global.admit(t0 + uint64_t(i) * 10 * kMs));
    EXPECT_FALSE(global.admit(t0 + 100 * kMs));
    EXPECT_FALSE(global.admit(t0 - 2 * kUs));  // a clock slightly behind
    EXPECT_FALSE(global.admit(t0 + kSecond - kUs));
    const uint64_t t1 = t0 + 2 * kSecond + 123 * kMs;
    for (int i = 0; i < 10; ++i) EXPECT_TRUE(global.admit(t1));
    EXPECT_FALSE(global.admit(t1 + 999 * kMs));
    EXPECT_TRUE(global.admit(t1 + kSecond));
    // The original's spacing, one per 100 ms, is the same class.
    GlobalWindow spaced(1, 100 * kMs);
    EXPECT_TRUE(spaced.admit(kSecond));
    EXPECT_FALSE(spaced.admit(kSecond + 99 * kMs));
    EXPECT_TRUE(spaced.admit(kSecond + 100 * kMs));
}

TEST(WindowLimiter, SweepReclaimsIdleEntriesAndKeepsActiveOnes) {
    WindowLimiter limiter(100, 10, kSecond, 5 * kMinute);
    const SourceKey a = endpoint(1), b = endpoint(2), c = endpoint(3);
    ASSERT_EQ(limiter.admit(a, 0), Admission::Admitted);
    ASSERT_EQ(limiter.admit(b, 0), Admission::Admitted);
    ASSERT_EQ(limiter.admit(b, 250 * kSecond), Admission::Admitted);  // b's window restarts at 250 s
    ASSERT_EQ(limiter.admit(c, 299 * kSecond), Admission::Admitted);
    EXPECT_EQ(limiter.size(), 3u);
    EXPECT_EQ(limiter.sweep(300 * kSecond - kUs), 0u);
    EXPECT_EQ(limiter.sweep(300 * kSecond), 1u);  // a: idle for 5 min
    EXPECT_EQ(limiter.size(), 2u);
    EXPECT_EQ(limiter.sweep(549 * kSecond), 0u);
    EXPECT_EQ(limiter.sweep(550 * kSecond), 1u);  // b
    EXPECT_EQ(limiter.sweep(600 * kSecond), 1u);  // c
    EXPECT_EQ(limiter.size(), 0u);
    // A swept source starts over with a full window.
    EXPECT_EQ(admit_n(limiter, a, 601 * kSecond, 12), 10u);
    EXPECT_EQ(limiter.size(), 1u);
}

TEST(WindowLimiter, SweepNeverDropsAWindowInProgress) {
    WindowLimiter limiter(100, 2, kSecond, 0);  // idle shorter than a window counts as one window
    ASSERT_EQ(admit_n(limiter, endpoint(1), kSecond, 3), 2u);
    EXPECT_EQ(limiter.sweep(2 * kSecond - kUs), 0u);
    EXPECT_EQ(limiter.admit(endpoint(1), 2 * kSecond - kUs), Admission::Limited);
    EXPECT_EQ(limiter.sweep(2 * kSecond), 1u);
}

TEST(WindowLimiter, SweepWithAnOlderClockRemovesNothingNewer) {
    WindowLimiter limiter(100, 2, kSecond, kSecond);
    ASSERT_EQ(admit_n(limiter, endpoint(1), 100 * kSecond, 3), 2u);
    EXPECT_EQ(limiter.sweep(90 * kSecond), 0u);  // a `now` taken long before the packets
    EXPECT_EQ(limiter.admit(endpoint(1), 100 * kSecond + 500 * kMs), Admission::Limited);
    EXPECT_EQ(limiter.sweep(101 * kSecond), 1u);
}

// The table holds 64 sources: 8 established ones that keep sending, 56 that
// sent once at t = 0. New sources are refused (fail-closed) while every entry
// is recent; an entry silent for a whole window after its window ended is
// replaced; established sources never lose their entries or budgets.
TEST(WindowLimiter, FullTableFailsClosedAndKeepsEstablishedSources) {
    constexpr size_t kCapacity = 64;
    WindowLimiter limiter(kCapacity, 100, kSecond, 5 * kMinute);
    for (uint32_t i = 0; i < kCapacity; ++i) ASSERT_EQ(limiter.admit(endpoint(i), 0), Admission::Admitted) << i;
    EXPECT_EQ(limiter.size(), kCapacity);
    auto established_send = [&](uint64_t now) {
        for (uint32_t i = 0; i < 8; ++i) ASSERT_EQ(limiter.admit(endpoint(i), now), Admission::Admitted) << i;
    };

    EXPECT_EQ(limiter.admit(endpoint(1000), 10 * kMs), Admission::Full);
    established_send(500 * kMs);
    EXPECT_EQ(limiter.admit(endpoint(1000), 1500 * kMs), Admission::Full);  // windows ended < 1 window ago
    established_send(1500 * kMs);
    EXPECT_EQ(limiter.size(), kCapacity);
    // At 2 s the one-shot sources are stale: a new source replaces one.
    EXPECT_EQ(limiter.admit(endpoint(1000), 2 * kSecond), Admission::Admitted);
    EXPECT_EQ(limiter.admit(endpoint(1000), 2 * kSecond), Admission::Admitted);  // its own entry now
    EXPECT_EQ(limiter.size(), kCapacity);

    // A flood of new (spoofed) sources, one per ms for 5 s, while the
    // established sources send every 100 ms.
    uint32_t flood_admitted = 0, flood_full = 0;
    for (uint32_t ms = 0; ms < 5000; ++ms) {
        const uint64_t now = 3 * kSecond + uint64_t(ms) * kMs;
        if (ms % 100 == 0) established_send(now);
        const Admission a = limiter.admit(endpoint(2000 + ms), now);
        ASSERT_TRUE(a == Admission::Admitted || a == Admission::Full);
        flood_admitted += a == Admission::Admitted;
        flood_full += a == Admission::Full;
        ASSERT_LE(limiter.size(), kCapacity);
    }
    EXPECT_GT(flood_full, 4000u);  // the flood needs 64 new sources per 2 s to keep the table full
    EXPECT_GT(flood_admitted, 0u);
    // The established sources still hold their entries and exact budgets.
    const uint64_t later = 8 * kSecond + 500 * kMs;
    for (uint32_t i = 0; i < 8; ++i) EXPECT_EQ(admit_n(limiter, endpoint(i), later, 150), 100u) << i;
}

TEST(WindowLimiter, HoldsMaxSourcesDistinctSourcesAtOnce) {
    constexpr uint32_t kCapacity = 20000;
    WindowLimiter limiter(kCapacity, 1, kSecond, 5 * kMinute);
    uint32_t full = 0;
    for (uint32_t i = 0; i < kCapacity; ++i) {
        const SourceKey k = i % 2 ? endpoint(i, uint16_t(i >> 16)) : SourceKey::from_node_id(i);
        full += limiter.admit(k, kSecond) == Admission::Full;
    }
    EXPECT_EQ(full, 0u);
    EXPECT_EQ(limiter.size(), kCapacity);
    EXPECT_EQ(limiter.admit(SourceKey::from_node_id(kCapacity + 1), kSecond), Admission::Full);
    EXPECT_EQ(limiter.sweep(kSecond + 5 * kMinute), kCapacity);
    EXPECT_EQ(limiter.size(), 0u);
}

// Two workers hammer one source with the clock frozen inside one window:
// exactly `limit` admissions in total. Repeated over fresh sources so that
// the two threads also race to insert each one.
TEST(WindowLimiterThreads, OneSourceFromTwoThreadsIsExact) {
    constexpr uint32_t kLimit = 4000;
    constexpr uint32_t kRounds = 20;
    WindowLimiter limiter(1000, kLimit, kSecond, 5 * kMinute);
    std::array<std::array<uint32_t, kRounds>, 2> admitted{};
    std::latch start(2);
    auto worker = [&](int self) {
        start.arrive_and_wait();
        for (uint32_t round = 0; round < kRounds; ++round) {
            const uint64_t now = (10 + uint64_t(round) * 3) * kSecond + 123 * kUs;
            admitted[self][round] = admit_n(limiter, endpoint(round, 9001), now, kLimit + kLimit / 2);
        }
    };
    std::thread a(worker, 0), b(worker, 1);
    a.join();
    b.join();
    for (uint32_t round = 0; round < kRounds; ++round) {
        EXPECT_EQ(admitted[0][round] + admitted[1][round], kLimit) << "round " << round;
    }
    EXPECT_EQ(limiter.size(), kRounds);
}

// Two workers see the same new sources at the same instant (limit 1): every
// source gets exactly one admission and one entry. (Busy, a denial, comes
// only from a thread descheduled while it holds a claim.)
TEST(WindowLimiterThreads, RacingInsertsOfOneSourceConverge) {
    constexpr uint32_t kSources = 20000;
    WindowLimiter limiter(2 * kSources, 1, kSecond, 5 * kMinute);
    std::vector<std::array<Admission, 2>> results(kSources);
    std::latch start(2);
    auto worker = [&](int self) {
        start.arrive_and_wait();
        for (uint32_t i = 0; i < kSources; ++i) {
            const SourceKey k = i % 3 == 0 ? SourceKey::from_node_id(i) : endpoint(i, uint16_t(1000 + i % 7));
            results[i][size_t(self)] = limiter.admit(k, 42 * kSecond);
        }
    };
    std::thread a(worker, 0), b(worker, 1);
    a.join();
    b.join();
    uint32_t busy = 0, lost = 0;
    for (uint32_t i = 0; i < kSources; ++i) {
        const int admitted = (results[i][0] == Admission::Admitted) + (results[i][1] == Admission::Admitted);
        const int busy_here = (results[i][0] == Admission::Busy) + (results[i][1] == Admission::Busy);
        busy += uint32_t(busy_here);
        lost += busy_here == 2;
        ASSERT_EQ(admitted, busy_here == 2 ? 0 : 1) << "source " << i;
        ASSERT_NE(results[i][0], Admission::Full);
    }
    EXPECT_EQ(limiter.size(), kSources - lost);
    EXPECT_LE(busy, kSources / 100);  // only a thread descheduled mid-insert causes one
}

TEST(WindowLimiterThreads, DisjointSourcesFromTwoThreads) {
    constexpr uint32_t kSources = 1000, kLimit = 20;
    WindowLimiter limiter(2 * kSources, kLimit, kSecond, 5 * kMinute);
    std::array<uint32_t, 2> admitted{};
    std::latch start(2);
    auto worker = [&](int self) {
        start.arrive_and_wait();
        uint32_t n = 0;
        for (uint32_t pass = 0; pass < kLimit + 5; ++pass) {
            const uint64_t now = kSecond + pass * kUs;
            for (uint32_t i = 0; i < kSources; ++i)
                n += limiter.admit(endpoint(uint32_t(self) * kSources + i), now) == Admission::Admitted;
        }
        admitted[size_t(self)] = n;
    };
    std::thread a(worker, 0), b(worker, 1);
    a.join();
    b.join();
    EXPECT_EQ(admitted[0], kSources * kLimit);
    EXPECT_EQ(admitted[1], kSources * kLimit);
    EXPECT_EQ(limiter.size(), 2 * kSources);
}

// Churn: each phase brings 100 new sources to a 128-entry table whose
// previous-phase entries are stale, while a third thread sweeps. Replacing,
// sweeping and inserting race; no source ever gets more than its budget.
// (The workers share one clock: a barrier keeps them in the same phase.)
TEST(WindowLimiterThreads, ChurnWithSweeperNeverExceedsBudget) {
    constexpr uint32_t kPhases = 30, kPerPhase = 100, kLimit = 3;
    WindowLimiter limiter(128, kLimit, kSecond, kSecond);
    std::vector<std::array<uint32_t, 2>> admitted(kPhases * kPerPhase);
    std::latch start(3);
    std::atomic<uint32_t> phase_now{0};
    auto phase_time = [](uint32_t phase) { return (1 + uint64_t(phase) * 3) * kSecond; };
    std::barrier phase_end(2, [&]() noexcept { phase_now.fetch_add(1, std::memory_order_relaxed); });
    auto worker = [&](int self) {
        start.arrive_and_wait();
        for (uint32_t phase = 0; phase < kPhases; ++phase) {
            for (uint32_t pass = 0; pass < kLimit + 2; ++pass)
                for (uint32_t i = 0; i < kPerPhase; ++i) {
                    const uint32_t id = phase * kPerPhase + i;
                    const Admission a = limiter.admit(SourceKey::from_node_id(id), phase_time(phase));
                    admitted[id][size_t(self)] += a == Admission::Admitted;
                }
            phase_end.arrive_and_wait();
        }
    };
    auto sweeper = [&] {
        start.arrive_and_wait();
        for (int i = 0; i < 2000; ++i) limiter.sweep(phase_time(phase_now.load(std::memory_order_relaxed)));
    };
    std::thread a(worker, 0), b(worker, 1), s(sweeper);
    a.join();
    b.join();
    s.join();
    uint32_t exact = 0;
    for (uint32_t id = 0; id < kPhases * kPerPhase; ++id) {
        const uint32_t n = admitted[id][0] + admitted[id][1];
        ASSERT_LE(n, kLimit) << "source " << id;
        exact += n == kLimit;
    }
    EXPECT_GT(exact, kPhases * kPerPhase * 8 / 10);  // the rest met a full probe window (fail-closed)
    EXPECT_LE(limiter.size(), 128u);
}

TEST(GlobalWindowThreads, TwoThreadsShareOneExactWindow) {
    GlobalWindow global(1000, kSecond);
    std::array<uint32_t, 2> admitted{};
    std::latch start(2);
    auto worker = [&](int self) {
        start.arrive_and_wait();
        uint32_t n = 0;
        for (int i = 0; i < 5000; ++i) n += global.admit(3 * kSecond);
        admitted[size_t(self)] = n;
    };
    std::thread a(worker, 0), b(worker, 1);
    a.join();
    b.join();
    EXPECT_EQ(admitted[0] + admitted[1], 1000u);
}
