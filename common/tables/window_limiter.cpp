// common/tables/window_limiter.cpp — fixed-window rate limits (see the
// header for the window word, the table protocol and the full-table policy).
#include "common/tables/window_limiter.hpp"

#include <limits>
#include <new>
#include <stdexcept>

namespace pb::tables {

namespace {

constexpr uint64_t kStateEmpty = 0, kStateClaimed = 1, kStateLive = 2;
constexpr uint64_t kGenMask = (uint64_t(1) << 14) - 1;
constexpr uint64_t kTagMask = (uint64_t(1) << 48) - 1;  // fingerprint | kind | port
constexpr size_t kNoIndex = std::numeric_limits<size_t>::max();
constexpr unsigned kMaxAttempts = 64;
constexpr unsigned kMaxSpins = 1024;
constexpr int64_t kVeryOld = std::numeric_limits<int64_t>::max();

constexpr uint64_t make_header(uint64_t state, uint64_t gen, uint64_t tag) {
    return state << 62 | (gen & kGenMask) << 48 | tag;
}
constexpr uint64_t state_of(uint64_t h) { return h >> 62; }
constexpr uint64_t gen_of(uint64_t h) { return (h >> 48) & kGenMask; }
constexpr uint64_t tag_of(uint64_t h) { return h & kTagMask; }

// Window word: [start µs:32 | count:32].
constexpr uint32_t start_of(uint64_t w) { return uint32_t(w >> 32); }
constexpr uint32_t count_of(uint64_t w) { return uint32_t(w); }
constexpr uint64_t fresh_window(uint32_t now_us) { return uint64_t(now_us) << 32 | 1; }
constexpr uint32_t to_us(uint64_t now_ns) { return uint32_t(now_ns / 1000); }

inline void cpu_relax() { __builtin_ia32_pause(); }

// MurmurHash3's 64-bit finaliser.
constexpr uint64_t fmix64(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
}

uint32_t window_us_of(uint64_t window_ns) {
    if (window_ns < 1000 || window_ns > WindowLimiter::kMaxWindowNs)
        throw std::invalid_argument("rate-limit window must be between 1 µs and 10 min");
    return uint32_t(window_ns / 1000);
}

uint32_t idle_us_of(uint64_t idle_ns, uint32_t window_us) {
    if (idle_ns > WindowLimiter::kMaxIdleNs) throw std::invalid_argument("rate-limit idle age must be at most 30 min");
    const uint32_t idle_us = uint32_t(idle_ns / 1000);
    return idle_us < window_us ? window_us : idle_us;
}

// Microseconds since the window started, modulo 2^32 read as signed (±35 min).
int64_t window_age(uint64_t w, uint32_t now_us) { return int32_t(now_us - start_of(w)); }

// Is a packet at this age in the window? Up to one window in the future
// still is: another worker's clock a little behind the one that opened it.
bool in_window(int64_t age, uint32_t window_us) { return age >= -int64_t(window_us) && age < int64_t(window_us); }

// The window word after one more admission at now, or 0 when over budget.
// A count of 0 is "no window yet" (GlobalWindow's initial word).
uint64_t next_window(uint64_t w, uint32_t now_us, uint32_t window_us, uint32_t limit) {
    if (count_of(w) == 0 || !in_window(window_age(w, now_us), window_us)) return fresh_window(now_us);
    return count_of(w) < limit ? w + 1 : 0;
}

size_t header_bytes(size_t slots) { return (slots * sizeof(uint64_t) + 63) / 64 * 64; }

}  // namespace

// Written only while the header is claimed (or, the window, by CAS while live).
struct alignas(32) WindowLimiter::Body {
    std::atomic<uint64_t> window;    // 0 unless live; 0 while live = being reclaimed
    std::atomic<uint64_t> words[2];  // SourceKey::words
};
static_assert(std::atomic<uint64_t>::is_always_lock_free);

struct WindowLimiter::Target {
    size_t home = 0;
    uint64_t tag = 0;  // header bits 0-47: fingerprint:24 | kind:8 | port:16 (never 0)
};

// A slot as last seen: its index (kNoIndex: none), header and window.
struct WindowLimiter::SlotRef {
    size_t index = kNoIndex;
    uint64_t header = 0;
    uint64_t window = 0;
    explicit operator bool() const { return index != kNoIndex; }
};

struct WindowLimiter::Scan {
    bool retry = false;  // a slot changed under us
    SlotRef match;       // the source's live slot
    SlotRef free;        // the first empty slot
};

size_t WindowLimiter::bytes_for(size_t max_sources) {
    const size_t slots = slot_count_for(max_sources);
    return header_bytes(slots) + slots * sizeof(Body);
}

WindowLimiter::WindowLimiter(size_t max_sources, uint32_t limit_per_window, uint64_t window_ns, uint64_t idle_ns,
                             uint64_t hash_seed)
    : max_sources_(max_sources),
      limit_(limit_per_window),
      window_us_(window_us_of(window_ns)),
      idle_us_(idle_us_of(idle_ns, window_us_)),
      seed_(hash_seed) {
    static_assert(sizeof(Body) + sizeof(uint64_t) == kSlotBytes);
    if (limit_ == 0) return;  // unlimited: nothing to count
    if (max_sources == 0 || max_sources > kMaxSources)
        throw std::invalid_argument("rate-limit table size must be between 1 and 2^30 sources");
    home_count_ = kSlotsPerSource * max_sources;
    slot_count_ = slot_count_for(max_sources);
    memory_ = std::make_unique<TableMemory>(bytes_for(max_sources));  // zero pages = empty slots
    void* memory = memory_->data();
    headers_ = static_cast<std::atomic<uint64_t>*>(memory);
    bodies_ = reinterpret_cast<Body*>(static_cast<char*>(memory) + header_bytes(slot_count_));
}

WindowLimiter::~WindowLimiter() = default;

void WindowLimiter::prefetch(const SourceKey& source) const {
    if (limit_ == 0) return;
    const size_t home = target_of(source).home;
    __builtin_prefetch(&headers_[home]);
    __builtin_prefetch(&bodies_[home]);
}

size_t WindowLimiter::size() const {
    const int64_t n = live_.load(std::memory_order_relaxed);
    return n > 0 ? size_t(n) : 0;
}

WindowLimiter::Target WindowLimiter::target_of(const SourceKey& source) const {
    const uint64_t kind_port = uint64_t(source.kind) << 16 | source.port;
    uint64_t h = fmix64(seed_ ^ kind_port);
    h = fmix64(h ^ source.words[0]);
    h = fmix64(h ^ source.words[1]);
    Target t;
    t.home = size_t((h & 0xffffffffu) * home_count_ >> 32);
    t.tag = (h >> 40) << 24 | kind_port;
    return t;
}

// Seqlock read of a slot seen with `header`: false if the slot moved on meanwhile.
bool WindowLimiter::snapshot(size_t index, uint64_t header, uint64_t (&words)[2], uint64_t& window) const {
    const Body& b = bodies_[index];
    window = b.window.load(std::memory_order_relaxed);
    words[0] = b.words[0].load(std::memory_order_relaxed);
    words[1] = b.words[1].load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    return headers_[index].load(std::memory_order_relaxed) == header;
}

// Headers of the probe window, and the body of a slot only when its tag matches.
WindowLimiter::Scan WindowLimiter::scan(const SourceKey& source, const Target& t) const {
    Scan s;
    for (size_t i = t.home; i < t.home + kProbeWindow; ++i) {
        const uint64_t h = headers_[i].load(std::memory_order_acquire);
        if (state_of(h) == kStateEmpty) {
            if (!s.free) s.free = SlotRef{i, h, 0};
            continue;
        }
        // A claimed slot may be our key in the making: may_publish() settles that race.
        if (state_of(h) != kStateLive || tag_of(h) != t.tag) continue;
        uint64_t words[2], w;
        if (!snapshot(i, h, words, w)) {
            s.retry = true;
            return s;
        }
        if (words[0] == source.words[0] && words[1] == source.words[1]) {
            s.match = SlotRef{i, h, w};
            return s;
        }
    }
    return s;
}

// The stalest entry of the probe window that has been silent for a whole
// window after its window ended (see the header: replacing it is exact). A
// start further than a window in the future can only have wrapped: stale.
WindowLimiter::SlotRef WindowLimiter::find_victim(const Target& t, uint32_t now_us) const {
    SlotRef victim;
    int64_t victim_age = 2 * int64_t(window_us_) - 1;
    for (size_t i = t.home; i < t.home + kProbeWindow; ++i) {
        const uint64_t h = headers_[i].load(std::memory_order_acquire);
        if (state_of(h) != kStateLive) continue;
        uint64_t words[2], w;
        if (!snapshot(i, h, words, w) || w == 0) continue;
        int64_t age = window_age(w, now_us);
        if (age < -int64_t(window_us_)) age = kVeryOld;
        if (age > victim_age) {
            victim = SlotRef{i, h, w};
            victim_age = age;
        }
    }
    return victim;
}

// Counts one admission in the window read under a valid header. nullopt: retry.
std::optional<Admission> WindowLimiter::charge(size_t index, uint64_t window, uint32_t now_us) {
    if (window == 0) return std::nullopt;  // being reclaimed
    const uint64_t next = next_window(window, now_us, window_us_, limit_);
    if (next == 0) return Admission::Limited;
    if (bodies_[index].window.compare_exchange_strong(window, next, std::memory_order_acq_rel))
        return Admission::Admitted;
    return std::nullopt;
}

bool WindowLimiter::reserve() {
    if (live_.load(std::memory_order_relaxed) >= int64_t(max_sources_)) return false;
    if (live_.fetch_add(1, std::memory_order_relaxed) < int64_t(max_sources_)) return true;
    live_.fetch_sub(1, std::memory_order_relaxed);
    return false;
}

// Takes a live slot whose window is `window` (read under a valid header): the
// winner of this CAS owns the slot and must move its header on.
bool WindowLimiter::kill(size_t index, uint64_t window) {
    return bodies_[index].window.compare_exchange_strong(window, 0, std::memory_order_acq_rel);
}

// With slot `mine` claimed and the key written: may we publish? A published
// copy of the key, or a same-tag claim at a lower index, wins; a same-tag
// claim at a higher index is waited for. On a lower claim, `wait_index` names
// it: the caller gives its own claim back first, then waits for that one.
bool WindowLimiter::may_publish(const SourceKey& source, const Target& t, size_t mine, size_t& wait_index,
                                uint64_t& wait_header) const {
    wait_index = kNoIndex;
    for (size_t i = t.home; i < t.home + kProbeWindow; ++i) {
        if (i == mine) continue;
        uint64_t h = headers_[i].load(std::memory_order_seq_cst);
        for (unsigned spin = 0; state_of(h) == kStateClaimed && tag_of(h) == t.tag; ++spin) {
            if (i < mine) {
                wait_index = i;
                wait_header = h;
                return false;
            }
            if (spin == kMaxSpins) return false;
            cpu_relax();
            h = headers_[i].load(std::memory_order_seq_cst);
        }
        if (state_of(h) != kStateLive || tag_of(h) != t.tag) continue;
        uint64_t words[2], w;
        if (!snapshot(i, h, words, w)) return false;
        if (words[0] == source.words[0] && words[1] == source.words[1]) return false;
    }
    return true;
}

std::optional<Admission> WindowLimiter::insert(const SourceKey& source, const Target& t, const Scan& s,
                                               uint32_t now_us) {
    size_t index;
    uint64_t claimed;
    if (s.free && reserve()) {
        uint64_t h = s.free.header;
        claimed = make_header(kStateClaimed, gen_of(h), t.tag);
        if (!headers_[s.free.index].compare_exchange_strong(h, claimed, std::memory_order_seq_cst)) {
            live_.fetch_sub(1, std::memory_order_relaxed);
            return std::nullopt;
        }
        index = s.free.index;
    } else {
        const SlotRef victim = find_victim(t, now_us);
        if (!victim) return Admission::Full;
        if (!kill(victim.index, victim.window)) return std::nullopt;
        claimed = make_header(kStateClaimed, gen_of(victim.header) + 1, t.tag);
        headers_[victim.index].store(claimed, std::memory_order_seq_cst);  // the entry count carries over
        index = victim.index;
    }
    std::atomic_thread_fence(std::memory_order_release);
    Body& b = bodies_[index];
    b.words[0].store(source.words[0], std::memory_order_relaxed);
    b.words[1].store(source.words[1], std::memory_order_relaxed);
    size_t wait_index;
    uint64_t wait_header;
    if (!may_publish(source, t, index, wait_index, wait_header)) {
        headers_[index].store(make_header(kStateEmpty, gen_of(claimed) + 1, 0), std::memory_order_release);
        live_.fetch_sub(1, std::memory_order_relaxed);
        for (unsigned spin = 0; wait_index != kNoIndex && spin < kMaxSpins; ++spin) {
            if (headers_[wait_index].load(std::memory_order_acquire) != wait_header) break;
            cpu_relax();
        }
        return std::nullopt;
    }
    b.window.store(fresh_window(now_us), std::memory_order_relaxed);
    headers_[index].store(make_header(kStateLive, gen_of(claimed), t.tag), std::memory_order_release);
    return Admission::Admitted;
}

Admission WindowLimiter::admit(const SourceKey& source, uint64_t now_ns) {
    if (limit_ == 0) return Admission::Admitted;
    const Target t = target_of(source);
    const uint32_t now_us = to_us(now_ns);
    for (unsigned attempt = 0; attempt < kMaxAttempts; ++attempt) {
        const Scan s = scan(source, t);
        std::optional<Admission> result;
        if (s.match)
            result = charge(s.match.index, s.match.window, now_us);
        else if (!s.retry)
            result = insert(source, t, s, now_us);
        if (result) return *result;
        cpu_relax();
    }
    return Admission::Busy;
}

size_t WindowLimiter::sweep(uint64_t now_ns) {
    if (limit_ == 0) return 0;
    const uint32_t now_us = to_us(now_ns);
    size_t removed = 0;
    for (size_t i = 0; i < slot_count_; ++i) {
        const uint64_t h = headers_[i].load(std::memory_order_acquire);
        if (state_of(h) != kStateLive) continue;
        uint64_t words[2], w;
        // A negative age is a `now` behind the workers' (or a start that wrapped,
        // if nobody swept for 35 min): never a reason to drop a live window.
        if (!snapshot(i, h, words, w) || w == 0 || window_age(w, now_us) < int64_t(idle_us_)) continue;
        if (!kill(i, w)) continue;  // counted meanwhile, or an insert took it
        headers_[i].store(make_header(kStateEmpty, gen_of(h) + 1, 0), std::memory_order_release);
        live_.fetch_sub(1, std::memory_order_relaxed);
        ++removed;
    }
    return removed;
}

GlobalWindow::GlobalWindow(uint32_t limit_per_window, uint64_t window_ns)
    : limit_(limit_per_window), window_us_(window_us_of(window_ns)) {}

bool GlobalWindow::admit(uint64_t now_ns) {
    if (limit_ == 0) return true;
    const uint32_t now_us = to_us(now_ns);
    uint64_t w = word_.load(std::memory_order_relaxed);
    for (unsigned attempt = 0; attempt < kMaxAttempts; ++attempt) {
        const uint64_t next = next_window(w, now_us, window_us_, limit_);
        if (next == 0) return false;
        if (word_.compare_exchange_weak(w, next, std::memory_order_relaxed)) return true;
        cpu_relax();
    }
    return false;
}

}  // namespace pb::tables
