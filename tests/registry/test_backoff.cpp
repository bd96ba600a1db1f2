// tests/registry/test_backoff.cpp — capped exponential back-off, reset,
// and jitter that only ever shortens a delay.
#include <gtest/gtest.h>

#include "controlplane/registry/backoff.hpp"

namespace pb::registry {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, DoublesUpToTheCapAndResets) {
    Backoff backoff(1000ms, 30000ms);
    for (const auto expected : {1000ms, 2000ms, 4000ms, 8000ms, 16000ms, 30000ms, 30000ms, 30000ms})
        EXPECT_EQ(backoff.next(), expected);
    EXPECT_EQ(backoff.failures(), 8u);
    backoff.reset();
    EXPECT_EQ(backoff.next(), 1000ms);
}

TEST(Backoff, StaysAtTheCapAfterManyFailures) {
    Backoff backoff(1000ms, 30000ms);
    for (int i = 0; i < 100; ++i) backoff.next();
    EXPECT_EQ(backoff.next(), 30000ms);
}

TEST(Backoff, JitterTakesAtMostItsShare) {
    Backoff backoff(1000ms, 30000ms, 0.2);
    for (const auto full : {1000ms, 2000ms, 4000ms, 8000ms, 16000ms, 30000ms, 30000ms}) {
        const auto delay = backoff.next();
        EXPECT_LE(delay, full);
        EXPECT_GE(delay, full * 8 / 10);
    }
}

}  // namespace
}  // namespace pb::registry
