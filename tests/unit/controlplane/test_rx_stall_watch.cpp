// Unit tests for controlplane/rx_stall_watch: a port whose received total
// stands still while its missed total grows is stalled after kStallAfter;
// an idle port, a busy one, and one that drops while it still receives
// are not; a stalled port that receives again is no longer stalled.
#include "controlplane/rx_stall_watch.hpp"

#include <gtest/gtest.h>

using pb::cp::RxStallWatch;
using namespace std::chrono_literals;

namespace {

const RxStallWatch::Clock::time_point t0{};

}  // namespace

TEST(RxStallWatch, NothingReceivedWhileTheDriverDropsIsAStallAfterTheWindow) {
    RxStallWatch watch;
    EXPECT_FALSE(watch.stalled(t0, 1000, 10));
    EXPECT_FALSE(watch.stalled(t0 + 4s, 1000, 10 + RxStallWatch::kMinMissed));
    EXPECT_TRUE(watch.stalled(t0 + 5s, 1000, 10 + RxStallWatch::kMinMissed));
    EXPECT_TRUE(watch.stalled(t0 + 6s, 1000, 500));
}

TEST(RxStallWatch, AnIdlePortIsNotStalled) {
    RxStallWatch watch;
    for (int s = 0; s < 60; ++s) EXPECT_FALSE(watch.stalled(t0 + std::chrono::seconds(s), 1000, 10));
    // A few stray drops in a quiet minute do not make a stall either.
    EXPECT_FALSE(watch.stalled(t0 + 61s, 1000, 10 + RxStallWatch::kMinMissed - 1));
}

TEST(RxStallWatch, DropsWhileStillReceivingAreOverloadNotAStall) {
    RxStallWatch watch;
    for (uint64_t s = 0; s < 60; ++s)
        EXPECT_FALSE(watch.stalled(t0 + std::chrono::seconds(s), 1000 + s, 10 + 10'000 * s));
}

TEST(RxStallWatch, ReceivingAgainEndsTheStallAndRestartsTheWindow) {
    RxStallWatch watch;
    watch.stalled(t0, 1000, 0);
    ASSERT_TRUE(watch.stalled(t0 + 5s, 1000, 1000));
    EXPECT_FALSE(watch.stalled(t0 + 6s, 1001, 1000));
    EXPECT_FALSE(watch.stalled(t0 + 10s, 1001, 5000));
    EXPECT_TRUE(watch.stalled(t0 + 11s, 1001, 5000));
}

TEST(RxStallWatch, CountersResetUnderItStartAFreshWindow) {
    RxStallWatch watch;
    watch.stalled(t0, 1000, 5000);
    EXPECT_FALSE(watch.stalled(t0 + 10s, 1000, 10));  // missed went backwards (stats reset)
    EXPECT_FALSE(watch.stalled(t0 + 14s, 1000, 10 + RxStallWatch::kMinMissed));
    EXPECT_TRUE(watch.stalled(t0 + 15s, 1000, 10 + RxStallWatch::kMinMissed));
}
