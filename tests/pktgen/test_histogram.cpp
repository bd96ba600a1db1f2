// tests/pktgen/test_histogram.cpp — the log-linear histogram: bucket
// bounds, percentiles against a sorted reference, merge, since(), edges.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "pktgen/histogram.hpp"

namespace pb::pktgen {
namespace {

using H = Histogram;

TEST(Histogram, BucketsTileTheRangeWithoutGaps) {
    for (std::size_t i = 0; i + 1 < H::kBucketCount; ++i) {
        ASSERT_EQ(H::bucket_high(i) + 1, H::bucket_low(i + 1)) << "bucket " << i;
        ASSERT_EQ(H::bucket_index(H::bucket_low(i)), i);
        ASSERT_EQ(H::bucket_index(H::bucket_high(i)), i);
    }
    EXPECT_EQ(H::bucket_index(H::kMaxTrackable), H::kBucketCount - 1);
}

TEST(Histogram, BucketWidthIsWithinOneSubBucketOfTheValue) {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 100000; ++i) {
        const unsigned shift = 28 + unsigned(rng() % 36);  // values below 2^36 = kMaxTrackable + 1
        const uint64_t v = rng() >> shift;
        const std::size_t b = H::bucket_index(v);
        ASSERT_LE(H::bucket_low(b), v);
        ASSERT_GE(H::bucket_high(b), v);
        ASSERT_LE(double(H::bucket_high(b) - H::bucket_low(b)), double(v) / H::kSubBuckets + 1e-9) << v;
    }
}

// The reference: the ceil(q·n)-th smallest value (the first for q = 0).
uint64_t reference(std::vector<uint64_t> sorted, double q) {
    const std::size_t rank = std::max<std::size_t>(1, std::size_t(std::ceil(q * double(sorted.size()) - 1e-9)));
    return sorted[rank - 1];
}

TEST(Histogram, PercentilesMatchASortedReference) {
    std::mt19937_64 rng(42);
    std::lognormal_distribution<double> latency(10.0, 1.2);  // ~22 µs median, long tail
    for (std::size_t n : {1u, 2u, 10u, 999u, 100000u}) {
        H h;
        std::vector<uint64_t> values;
        for (std::size_t i = 0; i < n; ++i) {
            values.push_back(uint64_t(latency(rng)));
            h.record(values.back());
        }
        std::sort(values.begin(), values.end());
        for (double q : {0.0, 0.5, 0.9, 0.99, 0.999, 1.0}) {
            const uint64_t want = reference(values, q);
            const uint64_t got = h.percentile(q);
            EXPECT_GE(got, want) << "n=" << n << " q=" << q;
            EXPECT_LE(double(got), double(want) * (1.0 + 1.0 / H::kSubBuckets) + 1) << "n=" << n << " q=" << q;
        }
        EXPECT_EQ(h.count(), n);
        EXPECT_EQ(h.min(), values.front());
        EXPECT_EQ(h.max(), values.back());
        EXPECT_EQ(h.percentile(1.0), values.back());
        double sum = 0;
        for (uint64_t v : values) sum += double(v);
        EXPECT_NEAR(h.mean(), sum / double(n), 1e-6 * sum / double(n));
    }
}

TEST(Histogram, SmallValuesAreExact) {
    H h;
    for (uint64_t v = 0; v < 2 * H::kSubBuckets; ++v) h.record(v);
    EXPECT_EQ(h.percentile(0.5), H::kSubBuckets - 1);
    EXPECT_EQ(h.percentile(0.0), 0u);
    EXPECT_EQ(h.min(), 0u);
}

TEST(Histogram, MergeEqualsRecordingEverythingInOne) {
    std::mt19937_64 rng(3);
    H a, b, all;
    for (int i = 0; i < 5000; ++i) {
        const uint64_t v = rng() % 10'000'000;
        (i % 3 ? a : b).record(v);
        all.record(v);
    }
    a.merge(b);
    EXPECT_EQ(a.count(), all.count());
    EXPECT_EQ(a.min(), all.min());
    EXPECT_EQ(a.max(), all.max());
    EXPECT_DOUBLE_EQ(a.mean(), all.mean());
    for (std::size_t i = 0; i < H::kBucketCount; ++i) ASSERT_EQ(a.bucket_count_at(i), all.bucket_count_at(i));
    for (double q : {0.5, 0.99, 0.999}) EXPECT_EQ(a.percentile(q), all.percentile(q));
}

TEST(Histogram, MergeWithEmptyKeepsMinAndMax) {
    H a, empty;
    a.record(500);
    a.merge(empty);
    EXPECT_EQ(a.min(), 500u);
    EXPECT_EQ(a.max(), 500u);
    empty.merge(a);
    EXPECT_EQ(empty.min(), 500u);
    EXPECT_EQ(empty.count(), 1u);
}

TEST(Histogram, EmptyReportsZeros) {
    const H h;
    EXPECT_EQ(h.count(), 0u);
    EXPECT_EQ(h.min(), 0u);
    EXPECT_EQ(h.max(), 0u);
    EXPECT_EQ(h.mean(), 0.0);
    EXPECT_EQ(h.percentile(0.99), 0u);
}

TEST(Histogram, ValuesAboveTheRangeAreClamped) {
    H h;
    h.record(UINT64_MAX);
    h.record(H::kMaxTrackable + 1);
    EXPECT_EQ(h.max(), H::kMaxTrackable);
    EXPECT_EQ(h.percentile(1.0), H::kMaxTrackable);
}

TEST(Histogram, RecordNCountsEachTime) {
    H h;
    h.record_n(1000, 9);
    h.record_n(2000, 1);
    h.record_n(3000, 0);
    EXPECT_EQ(h.count(), 10u);
    EXPECT_EQ(h.percentile(0.9), h.percentile(0.5));
    EXPECT_EQ(h.percentile(1.0), 2000u);
}

TEST(Histogram, SinceIsTheIntervalBetweenSnapshots) {
    H h;
    for (int i = 0; i < 100; ++i) h.record(100);
    const H before = h.snapshot();
    for (int i = 0; i < 10; ++i) h.record(50000);
    const H delta = h.since(before);
    EXPECT_EQ(delta.count(), 10u);
    EXPECT_EQ(delta.percentile(0.5), H::bucket_high(H::bucket_index(50000)));
    EXPECT_LE(delta.min(), 50000u);
    EXPECT_GE(delta.min(), H::bucket_low(H::bucket_index(50000)));
    EXPECT_DOUBLE_EQ(delta.mean(), 50000.0);
}

TEST(Histogram, ResetForgetsEverything) {
    H h;
    h.record(12345);
    h.reset();
    EXPECT_EQ(h.count(), 0u);
    EXPECT_EQ(h.max(), 0u);
    EXPECT_EQ(h.bucket_count_at(H::bucket_index(12345)), 0u);
}

}  // namespace
}  // namespace pb::pktgen
