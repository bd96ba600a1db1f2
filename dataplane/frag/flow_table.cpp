// dataplane/frag/flow_table.cpp — hash chains, free list and age list over
// one preallocated array (index links, no pointers, no allocation after
// construction).
#include "dataplane/frag/flow_table.hpp"

#include <rte_common.h>
#include <rte_malloc.h>

#include <memory>
#include <new>
#include <stdexcept>

namespace pb::dp::frag {

uint32_t FlowTable::bucket_count(uint32_t capacity) { return rte_align32pow2(capacity); }

size_t FlowTable::bytes_for(uint32_t capacity) {
    return size_t(capacity) * sizeof(Flow) + size_t(bucket_count(capacity)) * sizeof(uint32_t);
}

FlowTable::FlowTable(uint32_t capacity, int socket_id) : capacity_(capacity) {
    if (capacity == 0 || capacity > (1u << 31)) throw std::invalid_argument("frag flow table: capacity out of range");
    const uint32_t buckets = bucket_count(capacity);
    flows_ = static_cast<Flow*>(rte_malloc_socket("frag_flows", size_t(capacity) * sizeof(Flow),
                                                  RTE_CACHE_LINE_SIZE, socket_id));
    buckets_ = static_cast<uint32_t*>(rte_malloc_socket("frag_buckets", size_t(buckets) * sizeof(uint32_t),
                                                        RTE_CACHE_LINE_SIZE, socket_id));
    if (flows_ == nullptr || buckets_ == nullptr) {
        rte_free(flows_);
        rte_free(buckets_);
        throw std::bad_alloc();
    }
    std::uninitialized_default_construct_n(flows_, capacity);
    std::uninitialized_fill_n(buckets_, buckets, kNoFlow);
    bucket_mask_ = buckets - 1;
    for (uint32_t i = capacity; i-- > 0;) {
        flows_[i].bucket_next = free_;
        free_ = i;
    }
}

FlowTable::~FlowTable() {
    std::destroy_n(flows_, capacity_);
    rte_free(flows_);
    rte_free(buckets_);
}

uint32_t FlowTable::find(const FlowKey& key, uint32_t hash) const {
    // A chain never holds more than size_ flows: the bound only guards bugs.
    uint32_t steps = 0;
    for (uint32_t i = buckets_[hash & bucket_mask_]; i != kNoFlow && steps <= size_; i = flows_[i].bucket_next, ++steps)
        if (flows_[i].hash == hash && flows_[i].key == key) return i;
    return kNoFlow;
}

uint32_t FlowTable::insert(const FlowKey& key, uint32_t hash, uint64_t now) {
    const uint32_t i = free_;
    if (i == kNoFlow) return kNoFlow;
    Flow& f = flows_[i];
    free_ = f.bucket_next;
    f.key = key;
    f.hash = hash;
    f.created = now;
    f.head_l2_len = 0;
    uint32_t& bucket = buckets_[hash & bucket_mask_];
    f.bucket_next = bucket;
    bucket = i;
    f.older = youngest_;
    f.younger = kNoFlow;
    if (youngest_ != kNoFlow)
        flows_[youngest_].younger = i;
    else
        oldest_ = i;
    youngest_ = i;
    ++size_;
    return i;
}

void FlowTable::remove(uint32_t index) {
    Flow& f = flows_[index];
    uint32_t* link = &buckets_[f.hash & bucket_mask_];
    for (uint32_t steps = 0; *link != kNoFlow && steps <= size_; link = &flows_[*link].bucket_next, ++steps) {
        if (*link == index) {
            *link = f.bucket_next;
            break;
        }
    }
    (f.older != kNoFlow ? flows_[f.older].younger : oldest_) = f.younger;
    (f.younger != kNoFlow ? flows_[f.younger].older : youngest_) = f.older;
    f.older = f.younger = kNoFlow;
    f.bucket_next = free_;
    free_ = index;
    --size_;
}

}  // namespace pb::dp::frag
