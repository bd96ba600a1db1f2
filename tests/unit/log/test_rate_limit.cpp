// Unit tests for common/log/rate_limit with an injected clock: N lines per
// window, suppression counts, window reset.
#include "common/log/rate_limit.hpp"

#include <gtest/gtest.h>

using namespace pb::log;

namespace {

constexpr uint64_t kStartNs = 5'000'000'000;
constexpr uint64_t kMillisecondNs = 1'000'000;

}  // namespace

TEST(RateLimiter, AdmitsNPerWindowAndCountsTheRest) {
    RateLimiter limiter(3);
    for (int i = 0; i < 3; ++i) {
        const auto admission = limiter.admit(kStartNs + uint64_t(i) * kMillisecondNs);
        EXPECT_TRUE(admission.admitted);
        EXPECT_EQ(admission.suppressed, 0u);
    }
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(limiter.admit(kStartNs + 500 * kMillisecondNs).admitted);
    EXPECT_FALSE(limiter.admit(kStartNs + RateLimiter::kWindowNs - 1).admitted);
}

TEST(RateLimiter, NextWindowReportsSuppressedLinesOnce) {
    RateLimiter limiter(2);
    limiter.admit(kStartNs);
    limiter.admit(kStartNs);
    for (int i = 0; i < 7; ++i) limiter.admit(kStartNs + kMillisecondNs);

    const auto first = limiter.admit(kStartNs + RateLimiter::kWindowNs);
    EXPECT_TRUE(first.admitted);
    EXPECT_EQ(first.suppressed, 7u);
    const auto second = limiter.admit(kStartNs + RateLimiter::kWindowNs);
    EXPECT_TRUE(second.admitted);
    EXPECT_EQ(second.suppressed, 0u);
    EXPECT_FALSE(limiter.admit(kStartNs + RateLimiter::kWindowNs).admitted);
}

TEST(RateLimiter, WindowStartsAtTheFirstLineAfterTheLastWindow) {
    RateLimiter limiter(1);
    EXPECT_TRUE(limiter.admit(kStartNs).admitted);
    EXPECT_TRUE(limiter.admit(kStartNs + 3 * RateLimiter::kWindowNs + 10).admitted);  // idle gap
    EXPECT_FALSE(limiter.admit(kStartNs + 4 * RateLimiter::kWindowNs + 9).admitted);
    EXPECT_TRUE(limiter.admit(kStartNs + 4 * RateLimiter::kWindowNs + 10).admitted);
}

TEST(RateLimiter, ZeroMeansUnlimited) {
    RateLimiter limiter(0);
    for (int i = 0; i < 10'000; ++i) ASSERT_TRUE(limiter.admit(kStartNs).admitted);
}

TEST(RateLimiter, RestoredCountIsReportedByTheNextAdmittedLine) {
    RateLimiter limiter(1);
    limiter.admit(kStartNs);
    limiter.admit(kStartNs);  // suppressed
    const auto undelivered = limiter.admit(kStartNs + RateLimiter::kWindowNs);
    ASSERT_EQ(undelivered.suppressed, 1u);
    limiter.restore_suppressed(undelivered.suppressed);
    EXPECT_EQ(limiter.admit(kStartNs + 2 * RateLimiter::kWindowNs).suppressed, 1u);
}
