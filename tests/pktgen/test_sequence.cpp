// tests/pktgen/test_sequence.cpp — sequence accounting: in order, gaps,
// reordering, duplicates, arrivals older than the window, flows apart.
#include <gtest/gtest.h>

#include "pktgen/sequence.hpp"

namespace pb::pktgen {
namespace {

TEST(Sequence, InOrderArrivalsAreAllUnique) {
    SequenceTracker t(1);
    for (uint64_t s = 0; s < 5000; ++s) ASSERT_EQ(t.record(0, s), Arrival::InOrder);
    EXPECT_EQ(t.counts(), (SequenceCounts{.received = 5000, .unique = 5000}));
}

TEST(Sequence, GapsAreNotLossHere) {
    SequenceTracker t(1);
    for (uint64_t s : {0, 1, 5, 9, 2000}) EXPECT_EQ(t.record(0, s), Arrival::InOrder);
    EXPECT_EQ(t.counts().unique, 5u);
    EXPECT_EQ(t.counts().reordered, 0u);
}

TEST(Sequence, LateFirstArrivalsCountAsReordered) {
    SequenceTracker t(1);
    t.record(0, 0);
    t.record(0, 3);
    EXPECT_EQ(t.record(0, 1), Arrival::Reordered);
    EXPECT_EQ(t.record(0, 2), Arrival::Reordered);
    EXPECT_EQ(t.record(0, 4), Arrival::InOrder);
    EXPECT_EQ(t.counts(), (SequenceCounts{.received = 5, .unique = 5, .reordered = 2}));
}

TEST(Sequence, DuplicatesAreToldApartFromReordering) {
    SequenceTracker t(1);
    t.record(0, 0);
    t.record(0, 1);
    EXPECT_EQ(t.record(0, 1), Arrival::Duplicate);  // the highest again
    EXPECT_EQ(t.record(0, 0), Arrival::Duplicate);  // an older one again
    t.record(0, 10);
    EXPECT_EQ(t.record(0, 5), Arrival::Reordered);
    EXPECT_EQ(t.record(0, 5), Arrival::Duplicate);
    EXPECT_EQ(t.counts(), (SequenceCounts{.received = 7, .unique = 4, .duplicates = 3, .reordered = 1}));
}

TEST(Sequence, TheWindowEdge) {
    SequenceTracker t(1);
    const uint64_t w = SequenceTracker::kWindow;
    t.record(0, 0);
    t.record(0, w - 1);
    EXPECT_EQ(t.record(0, 0), Arrival::Duplicate);  // w − 1 back: still remembered
    t.record(0, w);
    EXPECT_EQ(t.record(0, 0), Arrival::TooOld);  // w back: forgotten
    EXPECT_EQ(t.record(0, 1), Arrival::Reordered);
    EXPECT_EQ(t.counts().too_old, 1u);
}

TEST(Sequence, AJumpBeyondTheWindowForgetsTheOldBits) {
    SequenceTracker t(1);
    for (uint64_t s = 0; s < 10; ++s) t.record(0, s);
    const uint64_t far = 10 * SequenceTracker::kWindow + 3;
    t.record(0, far);
    // far − 3 maps to the bit of 0 in the ring: it must read as unseen.
    EXPECT_EQ(t.record(0, far - SequenceTracker::kWindow + 1), Arrival::Reordered);
    EXPECT_EQ(t.record(0, far - 3), Arrival::Reordered);
}

TEST(Sequence, GapBitsAreClearedWhenTheWindowMoves) {
    SequenceTracker t(1);
    const uint64_t w = SequenceTracker::kWindow;
    for (uint64_t s = 0; s < w; ++s) t.record(0, s);
    t.record(0, w + 5);  // w .. w + 4 reuse the bits of 0 .. 4, which were seen
    EXPECT_EQ(t.record(0, w + 2), Arrival::Reordered);
}

TEST(Sequence, FlowsAreIndependent) {
    SequenceTracker t(3);
    t.record(0, 7);
    t.record(1, 7);
    t.record(2, 0);
    EXPECT_EQ(t.record(1, 6), Arrival::Reordered);
    EXPECT_EQ(t.record(2, 0), Arrival::Duplicate);
    EXPECT_EQ(t.counts().unique, 4u);
}

TEST(Sequence, ResetStartsOver) {
    SequenceTracker t(1);
    t.record(0, 100);
    t.reset();
    EXPECT_EQ(t.counts(), SequenceCounts{});
    EXPECT_EQ(t.record(0, 5), Arrival::InOrder);
}

TEST(Sequence, CountsAddUp) {
    SequenceCounts a{.received = 3, .unique = 2, .duplicates = 1}, b{.received = 4, .unique = 4, .reordered = 2};
    a += b;
    EXPECT_EQ(a, (SequenceCounts{.received = 7, .unique = 6, .duplicates = 1, .reordered = 2}));
}

}  // namespace
}  // namespace pb::pktgen
