// controlplane/registry/key_cache.hpp — the bounded cache of public-key
// lookups: keys the registry confirmed (positive, 5 min by default) and ids
// it did not know or answered with an unusable key (negative, 30 s), so a
// flood of WSS logins for one id costs one registry round trip per expiry.
// Least recently used entries make room when full. Time comes from the
// caller. Single-threaded (the control-plane thread).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <unordered_map>

#include "controlplane/registry/lookup_result.hpp"

namespace pb::registry {

struct KeyCacheLimits {
    size_t capacity = 16384;
    std::chrono::milliseconds positive_ttl{5 * 60 * 1000};
    std::chrono::milliseconds negative_ttl{30 * 1000};
};

class KeyCache {
public:
    using Clock = std::chrono::steady_clock;

    explicit KeyCache(const KeyCacheLimits& limits) : limits_(limits) {}

    // A cached, unexpired answer (marked cached), or nullopt.
    std::optional<LookupResult> get(uint32_t node_id, Clock::time_point now);
    // Caches a Found answer (positive) or a registry verdict (negative);
    // transient failures are not cached.
    void put(uint32_t node_id, const LookupResult& result, Clock::time_point now);
    void clear();
    size_t size() const { return index_.size(); }

private:
    struct Entry {
        uint32_t node_id;
        LookupResult result;
        Clock::time_point expires;
    };
    void erase(std::list<Entry>::iterator entry);

    KeyCacheLimits limits_;
    std::list<Entry> recency_;  // front = most recently used
    std::unordered_map<uint32_t, std::list<Entry>::iterator> index_;
};

}  // namespace pb::registry
