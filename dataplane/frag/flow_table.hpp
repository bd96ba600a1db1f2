// dataplane/frag/flow_table.hpp — the fixed-capacity table of datagrams
// being reassembled on one worker: a chained hash index over a preallocated
// array of flows, a free list, and an age list (oldest first) that makes
// timeouts and eviction O(1). Allocated once, on the worker's NUMA socket;
// single-threaded, no locks, nothing allocated afterwards. The caller owns
// the mbufs in a flow's FragmentSet: remove() expects it emptied.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dataplane/frag/flow_key.hpp"
#include "dataplane/frag/fragment_set.hpp"

namespace pb::dp::frag {

inline constexpr uint32_t kNoFlow = UINT32_MAX;

struct Flow {
    FlowKey key;
    uint64_t created = 0;  // TSC of the datagram's first fragment to arrive
    uint32_t hash = 0;
    uint32_t bucket_next = kNoFlow;  // hash chain, or the free list
    uint32_t older = kNoFlow;        // age list
    uint32_t younger = kNoFlow;
    uint16_t head_l2_len = 0;  // L2 length of the offset-0 fragment, once held
    FragmentSet fragments;
};

class FlowTable {
public:
    // Throws std::invalid_argument for capacity 0, std::bad_alloc when the
    // EAL heap of `socket_id` cannot hold bytes_for(capacity).
    FlowTable(uint32_t capacity, int socket_id);
    ~FlowTable();
    FlowTable(const FlowTable&) = delete;
    FlowTable& operator=(const FlowTable&) = delete;

    // Memory for a table of `capacity` flows (flows + hash buckets).
    static size_t bytes_for(uint32_t capacity);

    uint32_t find(const FlowKey& key, uint32_t hash) const;
    // A new, empty flow that is the youngest; kNoFlow when the table is full.
    uint32_t insert(const FlowKey& key, uint32_t hash, uint64_t now);
    // Unlinks a flow whose FragmentSet the caller has emptied.
    void remove(uint32_t index);

    Flow& operator[](uint32_t index) { return flows_[index]; }
    const Flow& operator[](uint32_t index) const { return flows_[index]; }
    uint32_t oldest() const { return oldest_; }
    uint32_t size() const { return size_; }
    uint32_t capacity() const { return capacity_; }

private:
    static uint32_t bucket_count(uint32_t capacity);

    Flow* flows_ = nullptr;
    uint32_t* buckets_ = nullptr;
    uint32_t bucket_mask_ = 0;
    uint32_t capacity_ = 0;
    uint32_t size_ = 0;
    uint32_t free_ = kNoFlow;
    uint32_t oldest_ = kNoFlow;
    uint32_t youngest_ = kNoFlow;
};

}  // namespace pb::dp::frag
