// common/tables/node_table.hpp — the beacon's node table: node id → observed
// UDP endpoint (+ next-hop MAC), last-seen time, "wants RelayDeliverDest" and
// the Ed25519 key from Discover.
//
// Concurrency: every worker may write (the one that received the node's
// packet), every thread may read, and nobody takes a lock.
//   * Open addressing with linear probing over fixed 72-byte slots.
//   * Each slot starts with one 64-bit header word [state:2 | seq:30 | id:32].
//     The seq is a per-slot seqlock: a writer moves it to odd with a CAS,
//     writes the payload words, and publishes the next even value; readers
//     retry when the seq moved under them, for at most a few microseconds
//     of TSC while it stays odd (then "not found"). Two writers of one slot
//     never interleave: the loser of the CAS retries a bounded number of
//     times and then reports Busy (counted by the caller).
//   * A write that changes only the last-seen time (a refresh, the usual
//     Discover) never makes the seq odd: it CASes the times word, then the
//     header from its snapshot's seq to seq + 2. So a preempted refresher
//     cannot hide a node from readers, and the reaper's CAS and the
//     refresher's exclude each other as before.
//   * An insert claims the FIRST free slot (empty or tombstone) of the id's
//     probe chain, so no entry ever sits behind a free slot of its own chain.
//     Two workers inserting the same new id at once converge: after
//     publishing, the inserter rescans and, if the id is also live at a lower
//     index, withdraws its own slot (deterministic: lowest index wins).
//   * Expiry (and remove()) is a CAS from (live, seq) to (tombstone, seq+2):
//     a node refreshed meanwhile changed its seq, so the reaper never removes
//     a live node and is not a second unsynchronised writer (a refresh whose
//     header CAS the reaper beat inserts the node again). Trailing tombstones
//     whose successor is empty turn back into empty slots, so probe chains do
//     not grow with churn.
// Payload words are relaxed atomics (plain moves on x86): readers observe
// them only inside a stable seq window.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/net/ip_address.hpp"
#include "common/tables/table_memory.hpp"

namespace pb::tables {

using Mac = std::array<uint8_t, 6>;
using PublicKey = std::array<uint8_t, 32>;

struct NodeEndpoint {
    net::IpAddress address;
    uint16_t port = 0;  // host order
    Mac next_hop{};     // MAC the node's packet came from
    friend bool operator==(const NodeEndpoint&, const NodeEndpoint&) = default;
};

struct NodeView {
    NodeEndpoint endpoint;
    uint32_t last_seen_s = 0;
    bool wants_dest = false;  // registered with DiscoverEx
    bool has_public_key = false;
};

enum class WriteResult : uint8_t {
    Inserted,   // a new node
    Moved,      // endpoint changed
    Refreshed,  // same endpoint, last-seen updated
    Throttled,  // endpoint change refused: inside the per-id update interval
    Pinned,     // endpoint change refused: the node's key is known and key_pins_endpoint is set
    Full,       // new node refused: the table holds max_nodes
    Busy,       // contention or probe limit: nothing written (counted by the caller)
};

struct DiscoverUpdate {
    uint32_t id = 0;
    NodeEndpoint endpoint;
    uint32_t now_s = 0;
    uint32_t min_move_interval_s = 0;     // 0 = move at once (punch requester)
    const uint8_t* public_key = nullptr;   // 32 bytes from Discover; first write wins
    bool wants_dest = false;              // DiscoverEx
    // Strict anti-hijack mode: a node whose public key is known keeps its
    // endpoint (refreshes only) until it expires; unsigned messages from
    // elsewhere cannot move it.
    bool key_pins_endpoint = false;
};

class NodeTable {
public:
    static constexpr size_t kSlotBytes = 72;
    // Slots per node of capacity: keeps the load factor at or below 0.8.
    static constexpr double kSlotsPerNode = 1.25;

    static size_t slot_count_for(uint32_t max_nodes);
    static size_t bytes_for(uint32_t max_nodes) { return slot_count_for(max_nodes) * kSlotBytes; }

    // Allocates (and zero-fills) the whole table up front; throws std::bad_alloc.
    explicit NodeTable(uint32_t max_nodes);
    ~NodeTable();
    NodeTable(const NodeTable&) = delete;
    NodeTable& operator=(const NodeTable&) = delete;

    // Readers: any thread, lock-free. false = not found (or held by a writer
    // for longer than the read bound, see node_table.cpp).
    bool lookup(uint32_t id, NodeView& out) const;
    bool public_key(uint32_t id, PublicKey& out) const;

    // Starts loading the slot lines lookup(id)/upsert(id) will read first.
    void prefetch(uint32_t id) const;

    // Writers: any worker.
    WriteResult upsert(const DiscoverUpdate& update);

    // Reaper (one thread at a time, e.g. the control plane): removes nodes
    // whose last-seen is older than ttl_s. Scans slots [begin, end) so a
    // caller can spread a sweep; returns the nodes removed.
    size_t reap(uint32_t now_s, uint32_t ttl_s, size_t begin, size_t end);
    size_t reap_all(uint32_t now_s, uint32_t ttl_s) { return reap(now_s, ttl_s, 0, slot_count_); }

    // Removes `id` now, whatever its last-seen (gossip withdrawing a peer's
    // route). Same CAS as expiry, so it may run beside writers of other ids;
    // a writer of the same id wins and the call retries. false = not present
    // (or contended past the retry bound).
    bool remove(uint32_t id);

    // Calls fn(id) for every live node (gossip, metrics); weakly consistent.
    template <class Fn>
    void for_each_id(Fn&& fn) const;

    size_t size() const { return size_t(live_.load(std::memory_order_relaxed)); }
    uint32_t capacity() const { return max_nodes_; }
    size_t slot_count() const { return slot_count_; }

private:
    struct Slot;
    struct Probe;
    struct Plan;
    enum class InPlace : uint8_t { Done, NeedsSlot, Contended };

    size_t home_of(uint32_t id) const;
    Probe find(uint32_t id) const;
    template <class Copy>
    bool read_stable(uint32_t id, Copy&& copy) const;
    static Plan plan_update(uint64_t times, const NodeEndpoint& current, const DiscoverUpdate& update);
    InPlace update_in_place(Slot& slot, uint64_t header, const DiscoverUpdate& update, WriteResult& result);
    WriteResult update_slot(Slot& slot, uint64_t header, const DiscoverUpdate& update);
    WriteResult insert(const DiscoverUpdate& update);
    void withdraw_insert(size_t index, uint64_t header);
    void release_trailing_tombstones(size_t index);
    bool live_id_at(size_t index, uint32_t& id) const;

    uint32_t max_nodes_;
    size_t slot_count_;
    TableMemory memory_;
    Slot* slots_;
    alignas(64) std::atomic<int64_t> live_{0};
};

template <class Fn>
void NodeTable::for_each_id(Fn&& fn) const {
    for (size_t i = 0; i < slot_count_; ++i) {
        uint32_t id;
        if (live_id_at(i, id)) fn(id);
    }
}

}  // namespace pb::tables
