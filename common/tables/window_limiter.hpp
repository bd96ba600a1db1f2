// common/tables/window_limiter.hpp — the beacon's rate limits (PROTOCOL.md
// §3 and §8, ARCHITECTURE.md §3): fixed windows, exact whatever worker a
// packet arrives on.
//   * WindowLimiter: at most `limit` admissions per source per window; a
//     source's window starts at its first packet after its previous window
//     ended (not aligned to the clock). Relay budget per transport source,
//     punch budget per source IP, Discover/STUN reply budget per source IP.
//   * GlobalWindow: one shared window for everybody (punch: 10 per second).
// A limit of 0 means unlimited: admit() says yes and touches no memory.
// Time comes from the caller (any monotonic nanosecond clock, e.g. the TSC
// converted); nothing here reads a clock. Exact means: never more than
// `limit` per window, provided the callers' clocks agree within a window.
//
// Window word: one 64-bit atomic [start:32 | count:32], start in µs modulo
// 2^32 (71 minutes), so one CAS moves a window forward or counts a packet.
// A window therefore has 1 µs resolution. Ages are taken modulo 2^32 as
// signed values (±35 min): a clock up to one window behind the start
// (another worker's TSC) still counts against the current window; further
// behind, the start can only have wrapped (an entry nobody swept for over
// 35 min): admit() opens a new window and an insert may replace it, but
// sweep() never drops an entry for a negative age, so a sweep given a
// `now` older than the workers' only removes less. Over budget, admit()
// only reads.
//
// Table layout: open addressing over a fixed mmap'd array; a source's
// slots are the kProbeWindow consecutive slots from its home (the array
// has kProbeWindow-1 spare slots at the end, so no wrap). Slots are stored
// as two arrays: 8-byte headers (8 per cache line: a miss scans 4 lines)
// and 32-byte bodies [window, address words] (2 per line). The common case
// — a known source — is one hash, one header line, one body line, one
// uncontended CAS. Header word:
//     [state:2 | gen:14 | fingerprint:24 | kind:8 | port:16]
// state: empty / claimed (being filled) / live. Readers load the header,
// the body, then the header again (seqlock style): the body belongs to
// that header's generation only if it did not change. The key is exact:
// kind and port are in the header, both address words in the body; the
// fingerprint (24 hash bits) only saves reading bodies of other keys.
// Memory: kSlotsPerSource slots of kSlotBytes per source, 80 bytes, plus
// the spare slots: bytes_for(max_sources) ≈ (2 × max_sources + 31) × 40.
// (Filling a table to max_sources at once, about 3 inserts in a million
// find their probe window full.)
//
// Concurrency: any number of threads call admit(), one thread at a time
// calls sweep(); no locks, every loop bounded, no allocation after the
// constructor.
//   * Counting: CAS of the window word from the value read under a valid
//     header. Reclaiming a slot first CASes its window word to 0 (a live
//     window never reads 0: its count is at least 1), so a counter holding
//     a stale value fails its CAS. Whoever wins that CAS owns the slot and
//     moves the header on (gen + 1). A counter could only be fooled if the
//     slot were reused and its new window equalled the old one bit for bit,
//     which needs a new start equal to the old modulo 2^32 µs: a thread
//     stalled for 71 minutes between two loads.
//   * Inserting a new source: claim a slot (CAS empty → claimed, tag in the
//     header), write the key, then check the rest of the probe window with
//     seq_cst loads (claims are seq_cst too, so of two concurrent claimers
//     of one key at least one sees the other — Dekker). A published copy
//     of the key means: give the claim back and count there. A same-tag
//     claim at a lower index wins: give ours back first, then wait
//     (bounded) for it to settle and retry. A same-tag claim at a higher
//     index is waited for (bounded): it gives up, or it did not see us and
//     publishes, and then we give up. Nobody waits while holding a claim
//     that a lower claim waits for, so there is no deadlock; at most one
//     copy of a key is ever live, and all admissions of a window are counted
//     in one word. A fingerprint collision only costs a retry.
//   * Retries are bounded; a thread that runs out answers Busy (denied).
//     That needs contention on one source from many threads at once or a
//     claimer descheduled mid-insert; pinned workers do not see it.
//
// Reclaiming and the full table. An entry whose window has ended holds no
// state: its source's next packet starts a fresh window whether the entry
// is there or not, so removing it never changes an answer.
//   * sweep(now) (control plane, e.g. every 60 s) removes entries whose
//     window started at least idle_ns ago (5 min for punch/relay, 60 s for
//     discover; never less than one window): memory hygiene.
//   * An insert that finds no free slot in its probe window (or the table at
//     max_sources) replaces, in place, the stalest entry of that window that
//     has been silent for at least one whole window after its window ended
//     (window start ≥ 2 windows ago). A source that sends more often than
//     once per window is never replaced, even under a flood of new sources.
//   * Otherwise the answer is Full, a denial (fail-closed; the caller counts
//     it as "limiter_full"). Why not let it through: under a spoofed-source
//     flood that fills the table, established sources keep their entries
//     and their budgets (they are not stale), while a source that cannot get
//     an entry is not counted at all. Failing open would hand an unlimited
//     budget to whoever can keep the table full — exactly when the limit
//     matters — and turn the reply limiter into a reflector. Failing closed
//     costs new sources their packets while the flood lasts (daemons retry;
//     the counter tells the operator), and keeping the table full needs
//     max_sources new sources per two windows. The same holds for punch and
//     reply budgets. The caller gets Full distinct from Limited, so it can
//     count it (or, if it must, decide otherwise).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "common/tables/source_key.hpp"
#include "common/tables/table_memory.hpp"

namespace pb::tables {

enum class Admission : uint8_t {
    Admitted,  // counted in the source's window
    Limited,   // the source's window is used up: drop
    Full,      // a new source and no reclaimable slot: drop (fail-closed), count "limiter_full"
    Busy,      // contention past the retry bound: drop, count it
};

class WindowLimiter {
public:
    static constexpr size_t kProbeWindow = 32;
    static constexpr size_t kSlotsPerSource = 2;  // load factor at most 0.5
    static constexpr size_t kSlotBytes = 40;      // 8-byte header + 32-byte body
    static constexpr size_t kMaxSources = size_t(1) << 30;
    static constexpr uint64_t kMaxWindowNs = 600'000'000'000;   // 10 min
    static constexpr uint64_t kMaxIdleNs = 1'800'000'000'000;   // 30 min (ages fit 31 bits of µs)

    static size_t slot_count_for(size_t max_sources) { return kSlotsPerSource * max_sources + kProbeWindow - 1; }
    static size_t bytes_for(size_t max_sources);  // the mapping: about kSlotBytes × slot_count_for

    // limit_per_window 0 = unlimited (nothing allocated). window_ns at least
    // 1 µs and at most kMaxWindowNs; idle_ns at most kMaxIdleNs (shorter
    // than one window counts as one window). hash_seed: pass a random value
    // so that senders cannot work out offline which sources share a probe
    // window (the hash is seeded, not a cryptographic PRF; keys stay exact
    // either way). Allocates and zero-fills the table up front; throws
    // std::invalid_argument or std::bad_alloc.
    WindowLimiter(size_t max_sources, uint32_t limit_per_window, uint64_t window_ns, uint64_t idle_ns,
                  uint64_t hash_seed = 0);
    ~WindowLimiter();
    WindowLimiter(const WindowLimiter&) = delete;
    WindowLimiter& operator=(const WindowLimiter&) = delete;

    // Any thread. Counts one packet of `source` at now_ns.
    Admission admit(const SourceKey& source, uint64_t now_ns);
    // Starts loading the lines admit(source) will read (burst pipelining).
    void prefetch(const SourceKey& source) const;

    // One thread at a time (the control plane): removes the entries whose
    // window started idle_ns or more before now_ns; returns how many.
    size_t sweep(uint64_t now_ns);

    size_t size() const;  // sources held (weakly consistent)
    size_t capacity() const { return max_sources_; }
    uint32_t limit() const { return limit_; }

private:
    struct Body;
    struct Target;
    struct SlotRef;
    struct Scan;

    Target target_of(const SourceKey& source) const;
    bool snapshot(size_t index, uint64_t header, uint64_t (&words)[2], uint64_t& window) const;
    Scan scan(const SourceKey& source, const Target& target) const;
    SlotRef find_victim(const Target& target, uint32_t now_us) const;
    std::optional<Admission> charge(size_t index, uint64_t window, uint32_t now_us);
    std::optional<Admission> insert(const SourceKey& source, const Target& target, const Scan& scan,
                                    uint32_t now_us);
    bool may_publish(const SourceKey& source, const Target& target, size_t mine, size_t& wait_index,
                     uint64_t& wait_header) const;
    bool reserve();
    bool kill(size_t index, uint64_t window);

    size_t max_sources_;
    uint32_t limit_;
    uint32_t window_us_;
    uint32_t idle_us_;
    uint64_t seed_;
    size_t home_count_ = 0;
    size_t slot_count_ = 0;
    std::unique_ptr<TableMemory> memory_;  // none when unlimited
    std::atomic<uint64_t>* headers_ = nullptr;
    Body* bodies_ = nullptr;
    alignas(64) std::atomic<int64_t> live_{0};
};

// One window shared by every thread: at most `limit` admissions per window,
// the window starting at the first packet after the previous one ended.
// limit 0 = unlimited. E.g. GlobalWindow(10, 1 s) for the punch limit.
class alignas(64) GlobalWindow {
public:
    // window_ns: 1 µs to WindowLimiter::kMaxWindowNs; throws std::invalid_argument.
    GlobalWindow(uint32_t limit_per_window, uint64_t window_ns);
    // Any thread; false = over the limit (or contention past the retry bound).
    bool admit(uint64_t now_ns);

private:
    uint32_t limit_;
    uint32_t window_us_;
    std::atomic<uint64_t> word_{0};  // [start µs:32 | count:32]; count 0 = no window yet
};

}  // namespace pb::tables
