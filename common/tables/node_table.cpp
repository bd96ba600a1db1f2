// common/tables/node_table.cpp — the lock-free node table (see the header for
// the concurrency protocol).
#include "common/tables/node_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <new>

namespace pb::tables {

namespace {

constexpr uint64_t kStateEmpty = 0, kStateLive = 1, kStateTomb = 2;
constexpr uint64_t kSeqMask = (uint64_t(1) << 30) - 1;
constexpr size_t kMaxProbe = 1024;
constexpr unsigned kMaxRetries = 64;
// How long a reader waits for a slot a writer holds (odd seq) before it
// answers "not found", in TSC ticks: 20,000 is 5-10 us at 2-4 GHz. A writer
// that runs holds a slot for well under 100 ns (a few stores), one hit by an
// interrupt for a few us; past that it has been descheduled and keeps the
// slot for a scheduler time slice (ms), which a worker must not wait out.
// Refreshes, the bulk of the writes, never hold a slot (upsert), so only a
// node that is being moved, or gets its key or DiscoverEx flag, can be
// missed that way. A bound in time, not in spins: PAUSE takes 10 to 150
// cycles depending on the CPU.
constexpr uint64_t kReadPatienceTicks = 20'000;
// ...and at least this many attempts: a reader descheduled in the middle
// of an attempt comes back past its deadline, and time it did not run is
// no reason to give up on a slot that meanwhile became readable.
constexpr unsigned kMinReadAttempts = 16;

constexpr uint64_t make_header(uint64_t state, uint64_t seq, uint32_t id) {
    return state << 62 | (seq & kSeqMask) << 32 | id;
}
constexpr uint64_t state_of(uint64_t h) { return h >> 62; }
constexpr uint64_t seq_of(uint64_t h) { return (h >> 32) & kSeqMask; }
constexpr uint32_t id_of(uint64_t h) { return uint32_t(h); }
constexpr bool is_live(uint64_t h, uint32_t id) { return state_of(h) == kStateLive && id_of(h) == id; }
constexpr bool is_stable(uint64_t h) { return (seq_of(h) & 1) == 0; }
constexpr uint64_t advance(uint64_t h, uint64_t state, uint64_t steps) {
    return make_header(state, seq_of(h) + steps, id_of(h));
}

constexpr uint64_t kFlagV6 = 1, kFlagWantsDest = 2, kFlagHasKey = 4;

inline void cpu_relax() { __builtin_ia32_pause(); }
inline uint64_t tsc() { return __builtin_ia32_rdtsc(); }

uint32_t mix(uint32_t id) {
    uint64_t x = uint64_t(id) * 0x9E3779B97F4A7C15ull;
    return uint32_t(x >> 32) ^ uint32_t(x);
}

uint64_t pack_mac_port(const Mac& mac, uint16_t port) {
    uint64_t w = port;
    for (int i = 0; i < 6; ++i) w = w << 8 | mac[i];
    return w;
}

void unpack_mac_port(uint64_t w, Mac& mac, uint16_t& port) {
    for (int i = 5; i >= 0; --i) {
        mac[i] = uint8_t(w);
        w >>= 8;
    }
    port = uint16_t(w);
}

// times_flags word: last_seen (32) | last_move (24) | flags (8)
uint64_t pack_times(uint32_t last_seen, uint32_t last_move, uint64_t flags) {
    return uint64_t(last_seen) | uint64_t(last_move & 0xffffff) << 32 | flags << 56;
}

}  // namespace

struct NodeTable::Slot {
    std::atomic<uint64_t> header;
    std::atomic<uint64_t> address[2];
    std::atomic<uint64_t> mac_port;
    std::atomic<uint64_t> times_flags;
    std::atomic<uint64_t> key[4];

    void store_endpoint(const NodeEndpoint& e) {
        uint64_t words[2];
        std::memcpy(words, e.address.bytes.data(), 16);
        address[0].store(words[0], std::memory_order_relaxed);
        address[1].store(words[1], std::memory_order_relaxed);
        mac_port.store(pack_mac_port(e.next_hop, e.port), std::memory_order_relaxed);
    }
    void load_endpoint(NodeEndpoint& e, uint64_t flags) const {
        uint64_t words[2] = {address[0].load(std::memory_order_relaxed), address[1].load(std::memory_order_relaxed)};
        std::memcpy(e.address.bytes.data(), words, 16);
        e.address.family = (flags & kFlagV6) ? net::Family::V6 : net::Family::V4;
        unpack_mac_port(mac_port.load(std::memory_order_relaxed), e.next_hop, e.port);
    }
};
static_assert(std::atomic<uint64_t>::is_always_lock_free);

struct NodeTable::Probe {
    bool found = false;
    size_t index = 0;
    uint64_t header = 0;
    bool has_free = false;
    size_t free_index = 0;
    uint64_t free_header = 0;
};

size_t NodeTable::slot_count_for(uint32_t max_nodes) {
    return size_t(std::ceil(double(max_nodes) * kSlotsPerNode)) + 1;
}

NodeTable::NodeTable(uint32_t max_nodes)
    : max_nodes_(max_nodes),
      slot_count_(slot_count_for(max_nodes)),
      memory_(slot_count_ * kSlotBytes),
      slots_(static_cast<Slot*>(memory_.data())) {
    static_assert(sizeof(Slot) == kSlotBytes);
}

NodeTable::~NodeTable() = default;

// The home slot and the next ones: at the 0.8 load factor of a full table a
// successful lookup probes 3 slots on average (216 bytes: 4 lines).
void NodeTable::prefetch(uint32_t id) const {
    constexpr size_t kLines = 4, kLine = 64;
    const size_t home = home_of(id);
    const size_t slots = std::min<size_t>(slot_count_ - home, (kLines * kLine + kSlotBytes - 1) / kSlotBytes);
    const auto* first = reinterpret_cast<const char*>(&slots_[home]);
    const auto* end = reinterpret_cast<const char*>(&slots_[home + slots]);
    for (const char* line = first; line < end; line += kLine) __builtin_prefetch(line);
}

size_t NodeTable::home_of(uint32_t id) const { return size_t((uint64_t(mix(id)) * slot_count_) >> 32); }

NodeTable::Probe NodeTable::find(uint32_t id) const {
    Probe p;
    size_t index = home_of(id);
    for (size_t step = 0; step < kMaxProbe; ++step) {
        const uint64_t h = slots_[index].header.load(std::memory_order_acquire);
        const uint64_t state = state_of(h);
        if (state == kStateLive) {
            if (id_of(h) == id) {
                p.found = true;
                p.index = index;
                p.header = h;
                return p;
            }
        } else if (!p.has_free) {
            p.has_free = true;
            p.free_index = index;
            p.free_header = h;
        }
        if (state == kStateEmpty) return p;
        if (++index == slot_count_) index = 0;
    }
    return p;
}

// Seqlock read of id's slot: `copy(slot)` loads the payload words it needs
// into a local; the copy counts only if the header did not move meanwhile.
// Returns false when the id is absent (or held by a writer past
// kReadPatienceTicks and kMinReadAttempts). The clock starts at the first
// failed attempt: an uncontended read never reads the TSC.
template <class Copy>
bool NodeTable::read_stable(uint32_t id, Copy&& copy) const {
    uint64_t deadline = 0;
    for (unsigned attempt = 1;; ++attempt) {
        const Probe p = find(id);
        if (!p.found) return false;
        const Slot& s = slots_[p.index];
        const uint64_t h = s.header.load(std::memory_order_acquire);
        if (is_live(h, id) && is_stable(h)) {
            copy(s);
            std::atomic_thread_fence(std::memory_order_acquire);
            if (s.header.load(std::memory_order_relaxed) == h) return true;
        }
        const uint64_t now = tsc();
        if (deadline == 0)
            deadline = now + kReadPatienceTicks;
        else if (now >= deadline && attempt >= kMinReadAttempts)
            return false;
        cpu_relax();
    }
}

bool NodeTable::lookup(uint32_t id, NodeView& out) const {
    uint64_t times = 0;
    if (!read_stable(id, [&](const Slot& s) {
            times = s.times_flags.load(std::memory_order_relaxed);
            s.load_endpoint(out.endpoint, times >> 56);
        }))
        return false;
    const uint64_t flags = times >> 56;
    out.last_seen_s = uint32_t(times);
    out.wants_dest = flags & kFlagWantsDest;
    out.has_public_key = flags & kFlagHasKey;
    return true;
}

bool NodeTable::public_key(uint32_t id, PublicKey& out) const {
    bool has_key = false;
    uint64_t words[4];
    if (!read_stable(id, [&](const Slot& s) {
            has_key = (s.times_flags.load(std::memory_order_relaxed) >> 56) & kFlagHasKey;
            for (int i = 0; i < 4; ++i) words[i] = s.key[i].load(std::memory_order_relaxed);
        }))
        return false;
    if (!has_key) return false;
    std::memcpy(out.data(), words, 32);
    return true;
}

// What an update of a live node does, from the node's times word and
// endpoint (PROTOCOL.md §2-3: update interval, pinning, first key wins).
struct NodeTable::Plan {
    WriteResult result = WriteResult::Refreshed;
    uint64_t times = 0;            // the new times word
    bool writes_endpoint = false;  // address, port or next hop change
    bool writes_key = false;       // the first key arrives

    // Only the last-seen time changes: no payload word but the times word.
    bool times_only(uint64_t old_times) const {
        return !writes_endpoint && !writes_key && (times >> 56) == (old_times >> 56);
    }
};

NodeTable::Plan NodeTable::plan_update(uint64_t times, const NodeEndpoint& current, const DiscoverUpdate& u) {
    uint64_t flags = times >> 56;
    uint32_t last_seen = uint32_t(times);
    uint32_t last_move = uint32_t(times >> 32) & 0xffffff;
    Plan plan;
    const bool same_place = current.address == u.endpoint.address && current.port == u.endpoint.port;
    const bool pinned = u.key_pins_endpoint && (flags & kFlagHasKey);
    const bool may_move = !pinned && ((u.now_s - last_move) & 0xffffff) >= u.min_move_interval_s;
    if (same_place || may_move) {
        plan.writes_endpoint = !(current == u.endpoint);
        last_seen = u.now_s;
        if (!same_place) last_move = u.now_s;
        flags = u.endpoint.address.is_v4() ? flags & ~kFlagV6 : flags | kFlagV6;
        plan.result = same_place ? WriteResult::Refreshed : WriteResult::Moved;
    } else {
        plan.result = pinned ? WriteResult::Pinned : WriteResult::Throttled;
    }
    if (u.wants_dest) flags |= kFlagWantsDest;
    if (u.public_key && !(flags & kFlagHasKey)) {
        plan.writes_key = true;
        flags |= kFlagHasKey;
    }
    plan.times = pack_times(last_seen, last_move, flags);
    return plan;
}

// A write that changes only the last-seen time (a refresh; a refused move),
// done without making the seq odd, so that readers never wait on it: a
// stable snapshot of the slot, a CAS of its times word, then a CAS of its
// header from the snapshot's to seq + 2. Readers see the old or the new
// times word beside an unchanged endpoint. Any writer or reaper that took
// the slot between the two CASes makes the second fail: the caller retries
// (a node the reaper removed meanwhile is then inserted again).
NodeTable::InPlace NodeTable::update_in_place(Slot& slot, uint64_t header, const DiscoverUpdate& u,
                                              WriteResult& result) {
    uint64_t times = slot.times_flags.load(std::memory_order_relaxed);
    NodeEndpoint current;
    slot.load_endpoint(current, times >> 56);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (slot.header.load(std::memory_order_relaxed) != header) return InPlace::Contended;
    const Plan plan = plan_update(times, current, u);
    if (!plan.times_only(times)) return InPlace::NeedsSlot;
    result = plan.result;
    if (plan.times == times) return InPlace::Done;
    if (!slot.times_flags.compare_exchange_strong(times, plan.times, std::memory_order_acq_rel))
        return InPlace::Contended;
    uint64_t h = header;
    if (!slot.header.compare_exchange_strong(h, advance(header, kStateLive, 2), std::memory_order_acq_rel))
        return InPlace::Contended;
    return InPlace::Done;
}

// Called with the slot's seq made odd by this writer; publishes it even again.
WriteResult NodeTable::update_slot(Slot& slot, uint64_t odd_header, const DiscoverUpdate& u) {
    const uint64_t times = slot.times_flags.load(std::memory_order_relaxed);
    NodeEndpoint current;
    slot.load_endpoint(current, times >> 56);
    const Plan plan = plan_update(times, current, u);
    if (plan.writes_endpoint) slot.store_endpoint(u.endpoint);
    if (plan.writes_key) {
        uint64_t words[4];
        std::memcpy(words, u.public_key, 32);
        for (int i = 0; i < 4; ++i) slot.key[i].store(words[i], std::memory_order_relaxed);
    }
    slot.times_flags.store(plan.times, std::memory_order_relaxed);
    slot.header.store(advance(odd_header, kStateLive, 1), std::memory_order_release);
    return plan.result;
}

WriteResult NodeTable::upsert(const DiscoverUpdate& u) {
    for (unsigned attempt = 0; attempt < kMaxRetries; ++attempt) {
        Probe p = find(u.id);
        if (p.found) {
            Slot& s = slots_[p.index];
            uint64_t h = p.header;
            WriteResult result;
            const InPlace in_place = is_stable(h) ? update_in_place(s, h, u, result) : InPlace::Contended;
            if (in_place == InPlace::Done) return result;
            if (in_place == InPlace::Contended ||
                !s.header.compare_exchange_strong(h, advance(h, kStateLive, 1), std::memory_order_acq_rel)) {
                cpu_relax();
                continue;
            }
            std::atomic_thread_fence(std::memory_order_release);
            return update_slot(s, advance(h, kStateLive, 1), u);
        }
        if (!p.has_free) return WriteResult::Busy;
        if (live_.fetch_add(1, std::memory_order_relaxed) >= int64_t(max_nodes_)) {
            live_.fetch_sub(1, std::memory_order_relaxed);
            return WriteResult::Full;
        }
        Slot& s = slots_[p.free_index];
        uint64_t h = p.free_header;
        const uint64_t claimed = make_header(kStateLive, seq_of(h) + 1, u.id);
        if (!s.header.compare_exchange_strong(h, claimed, std::memory_order_acq_rel)) {
            live_.fetch_sub(1, std::memory_order_relaxed);
            continue;
        }
        std::atomic_thread_fence(std::memory_order_release);
        s.store_endpoint(u.endpoint);
        uint64_t flags = (u.endpoint.address.is_v4() ? 0 : kFlagV6) | (u.wants_dest ? kFlagWantsDest : 0);
        uint64_t key_words[4] = {0, 0, 0, 0};
        if (u.public_key) {
            std::memcpy(key_words, u.public_key, 32);
            flags |= kFlagHasKey;
        }
        for (int i = 0; i < 4; ++i) s.key[i].store(key_words[i], std::memory_order_relaxed);
        s.times_flags.store(pack_times(u.now_s, u.now_s, flags), std::memory_order_relaxed);
        const uint64_t published = advance(claimed, kStateLive, 1);
        s.header.store(published, std::memory_order_release);
        // Reachable from the id's home, and the first live copy of the id?
        const Probe check = find(u.id);
        if (check.found && check.index == p.free_index) return WriteResult::Inserted;
        withdraw_insert(p.free_index, published);
    }
    return WriteResult::Busy;
}

// Our freshly inserted slot lost (another copy of the id comes first in the
// chain, or a neighbour's removal cut the chain before it): retire it.
void NodeTable::withdraw_insert(size_t index, uint64_t header) {
    uint64_t h = header;
    if (slots_[index].header.compare_exchange_strong(h, advance(h, kStateTomb, 2), std::memory_order_acq_rel)) {
        live_.fetch_sub(1, std::memory_order_relaxed);
        release_trailing_tombstones(index);
    }
}

void NodeTable::release_trailing_tombstones(size_t index) {
    for (size_t step = 0; step < kMaxProbe; ++step) {
        const size_t next = index + 1 == slot_count_ ? 0 : index + 1;
        if (state_of(slots_[next].header.load(std::memory_order_acquire)) != kStateEmpty) return;
        uint64_t h = slots_[index].header.load(std::memory_order_acquire);
        if (state_of(h) != kStateTomb) return;
        if (!slots_[index].header.compare_exchange_strong(h, make_header(kStateEmpty, seq_of(h) + 2, 0),
                                                          std::memory_order_acq_rel))
            return;
        index = index == 0 ? slot_count_ - 1 : index - 1;
    }
}

size_t NodeTable::reap(uint32_t now_s, uint32_t ttl_s, size_t begin, size_t end) {
    size_t removed = 0;
    if (end > slot_count_) end = slot_count_;
    for (size_t i = begin; i < end; ++i) {
        Slot& s = slots_[i];
        uint64_t h = s.header.load(std::memory_order_acquire);
        if (state_of(h) != kStateLive || !is_stable(h)) continue;
        const uint32_t last_seen = uint32_t(s.times_flags.load(std::memory_order_relaxed));
        std::atomic_thread_fence(std::memory_order_acquire);
        if (s.header.load(std::memory_order_relaxed) != h || now_s - last_seen < ttl_s) continue;
        if (s.header.compare_exchange_strong(h, advance(h, kStateTomb, 2), std::memory_order_acq_rel)) {
            live_.fetch_sub(1, std::memory_order_relaxed);
            release_trailing_tombstones(i);
            ++removed;
        }
    }
    return removed;
}

bool NodeTable::remove(uint32_t id) {
    for (unsigned attempt = 0; attempt < kMaxRetries; ++attempt) {
        const Probe p = find(id);
        if (!p.found) return false;
        uint64_t h = p.header;
        if (is_stable(h) &&
            slots_[p.index].header.compare_exchange_strong(h, advance(h, kStateTomb, 2), std::memory_order_acq_rel)) {
            live_.fetch_sub(1, std::memory_order_relaxed);
            release_trailing_tombstones(p.index);
            return true;
        }
        cpu_relax();
    }
    return false;
}

bool NodeTable::live_id_at(size_t index, uint32_t& id) const {
    const uint64_t h = slots_[index].header.load(std::memory_order_acquire);
    if (state_of(h) != kStateLive) return false;
    id = id_of(h);
    return true;
}

}  // namespace pb::tables
