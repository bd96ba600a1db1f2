// pktgen/histogram.cpp — bucket bounds, percentiles, merging and snapshots
// of the log-linear histogram.
#include "pktgen/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace pb::pktgen {

uint64_t Histogram::bucket_low(std::size_t index) {
    if (index < 2 * kSubBuckets) return index;
    const unsigned shift = unsigned(index >> kSubBucketBits) - 1;
    const uint64_t mantissa = index - (uint64_t(shift) << kSubBucketBits);  // in [sub, 2 sub)
    return mantissa << shift;
}

uint64_t Histogram::bucket_high(std::size_t index) {
    if (index < 2 * kSubBuckets) return index;
    const unsigned shift = unsigned(index >> kSubBucketBits) - 1;
    return bucket_low(index) + (uint64_t(1) << shift) - 1;
}

void Histogram::record_n(uint64_t value, uint64_t n) {
    if (n == 0) return;
    value = clamp(value);
    uint64_t& bucket = buckets_[bucket_index(value)];
    store(bucket, bucket + n);
    store(count_, count_ + n);
    store(sum_, sum_ + value * n);
    if (value < min_) store(min_, value);
    if (value > max_) store(max_, value);
}

void Histogram::reset() {
    for (uint64_t& b : buckets_) store(b, 0);
    store(count_, 0);
    store(sum_, 0);
    store(min_, std::numeric_limits<uint64_t>::max());
    store(max_, 0);
}

void Histogram::merge(const Histogram& other) {
    for (std::size_t i = 0; i < kBucketCount; ++i) store(buckets_[i], buckets_[i] + load(other.buckets_[i]));
    store(count_, count_ + load(other.count_));
    store(sum_, sum_ + load(other.sum_));
    store(min_, std::min(min_, load(other.min_)));
    store(max_, std::max(max_, load(other.max_)));
}

Histogram Histogram::snapshot() const {
    Histogram copy;
    copy.merge(*this);
    return copy;
}

Histogram Histogram::since(const Histogram& earlier) const {
    Histogram delta;
    for (std::size_t i = 0; i < kBucketCount; ++i) {
        const uint64_t now = load(buckets_[i]), before = load(earlier.buckets_[i]);
        delta.buckets_[i] = now > before ? now - before : 0;
    }
    const uint64_t count = load(count_), sum = load(sum_);
    delta.count_ = count - std::min(count, load(earlier.count_));
    delta.sum_ = sum - std::min(sum, load(earlier.sum_));
    delta.recompute_extremes();
    return delta;
}

void Histogram::recompute_extremes() {
    min_ = std::numeric_limits<uint64_t>::max();
    max_ = 0;
    for (std::size_t i = 0; i < kBucketCount; ++i) {
        if (buckets_[i] == 0) continue;
        min_ = std::min(min_, bucket_low(i));
        max_ = bucket_high(i);
    }
}

uint64_t Histogram::percentile(double q) const {
    const uint64_t total = count();
    if (total == 0) return 0;
    q = std::clamp(q, 0.0, 1.0);
    const uint64_t rank = std::max<uint64_t>(1, uint64_t(std::ceil(q * double(total) - 1e-9)));
    uint64_t seen = 0;
    for (std::size_t i = 0; i < kBucketCount; ++i) {
        seen += load(buckets_[i]);
        if (seen >= rank) return std::clamp(bucket_high(i), min(), max());
    }
    return max();
}

}  // namespace pb::pktgen
