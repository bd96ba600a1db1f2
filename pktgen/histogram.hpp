// pktgen/histogram.hpp — an HDR-style log-linear histogram of latencies in
// nanoseconds: unit-wide buckets below 2 × kSubBuckets, then every power of
// two split into kSubBuckets equal buckets, so any recorded value is known
// to within 1 / kSubBuckets (0.8 %) of itself. Exact count, min, max and
// sum ride along. Fixed size (no allocation after construction), mergeable,
// and readable by another thread while its owner records: the owner stores
// each count with a relaxed atomic store, readers load them the same way.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace pb::pktgen {

namespace detail {
inline constexpr unsigned kHistogramSubBucketBits = 7;
// shift × sub-buckets + (v >> shift), where shift keeps v >> shift below 2 × sub-buckets.
constexpr std::size_t log_linear_index(uint64_t v) {
    const unsigned msb = v == 0 ? 0 : unsigned(63 - __builtin_clzll(v));
    const unsigned shift = msb > kHistogramSubBucketBits ? msb - kHistogramSubBucketBits : 0;
    return (std::size_t(shift) << kHistogramSubBucketBits) + std::size_t(v >> shift);
}
}  // namespace detail

class Histogram {
public:
    static constexpr unsigned kSubBucketBits = detail::kHistogramSubBucketBits;
    static constexpr uint64_t kSubBuckets = uint64_t(1) << kSubBucketBits;  // 128
    // Values above this are recorded as this (about 68.7 s in ns).
    static constexpr uint64_t kMaxTrackable = (uint64_t(1) << 36) - 1;
    static constexpr std::size_t kBucketCount = detail::log_linear_index(kMaxTrackable) + 1;

    // The bucket a value falls in (values above kMaxTrackable are clamped).
    static std::size_t bucket_index(uint64_t value) { return detail::log_linear_index(clamp(value)); }
    // The smallest and largest value of bucket `index`.
    static uint64_t bucket_low(std::size_t index);
    static uint64_t bucket_high(std::size_t index);

    // Owner thread only.
    void record(uint64_t value) { record_n(value, 1); }
    void record_n(uint64_t value, uint64_t n);
    void reset();
    // Adds `other` (a snapshot or another owner's histogram, quiescent).
    void merge(const Histogram& other);
    // this - earlier, bucket by bucket (`earlier` is an older snapshot of the
    // same histogram); min/max become those of the remaining buckets.
    Histogram since(const Histogram& earlier) const;
    // A consistent-enough copy taken from any thread (relaxed loads).
    Histogram snapshot() const;

    uint64_t count() const { return load(count_); }
    uint64_t min() const { return count() ? load(min_) : 0; }
    uint64_t max() const { return load(max_); }
    double mean() const { return count() ? double(load(sum_)) / double(count()) : 0.0; }
    // The value at quantile q in [0, 1]: the highest value of the bucket
    // holding the ceil(q × count)-th smallest record, clamped to [min, max].
    // 0 when empty.
    uint64_t percentile(double q) const;
    uint64_t bucket_count_at(std::size_t index) const { return load(buckets_[index]); }

private:
    static constexpr uint64_t clamp(uint64_t v) { return v > kMaxTrackable ? kMaxTrackable : v; }
    static uint64_t load(const uint64_t& cell) {
        return std::atomic_ref<uint64_t>(const_cast<uint64_t&>(cell)).load(std::memory_order_relaxed);
    }
    static void store(uint64_t& cell, uint64_t value) {
        std::atomic_ref<uint64_t>(cell).store(value, std::memory_order_relaxed);
    }
    void recompute_extremes();

    alignas(64) std::array<uint64_t, kBucketCount> buckets_{};
    uint64_t count_ = 0;
    uint64_t sum_ = 0;
    uint64_t min_ = std::numeric_limits<uint64_t>::max();
    uint64_t max_ = 0;
};

}  // namespace pb::pktgen
