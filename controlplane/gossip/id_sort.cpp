// controlplane/gossip/id_sort.cpp — LSD radix sort of 32-bit ids.
#include "controlplane/gossip/id_sort.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace pb::cp::gossip {

namespace {
constexpr unsigned kBits = 11;
constexpr size_t kBuckets = size_t(1) << kBits;
constexpr size_t kRadixFrom = 4096;  // below this std::sort is as fast

void radix_sort(std::vector<uint32_t>& ids) {
    std::vector<uint32_t> scratch(ids.size());
    for (unsigned shift = 0; shift < 32; shift += kBits) {
        std::array<size_t, kBuckets> start{};
        for (uint32_t id : ids) ++start[(id >> shift) & (kBuckets - 1)];
        size_t at = 0;
        for (size_t& bucket : start) at += std::exchange(bucket, at);
        for (uint32_t id : ids) scratch[start[(id >> shift) & (kBuckets - 1)]++] = id;
        ids.swap(scratch);
    }
}
}  // namespace

void sort_unique_ids(std::vector<uint32_t>& ids) {
    if (ids.size() < kRadixFrom)
        std::sort(ids.begin(), ids.end());
    else
        radix_sort(ids);
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

}  // namespace pb::cp::gossip
