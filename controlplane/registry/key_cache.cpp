// controlplane/registry/key_cache.cpp — LRU map with per-entry expiry.
#include "controlplane/registry/key_cache.hpp"

namespace pb::registry {

namespace {
// Answers the registry gave about the node, as opposed to failures to ask it.
bool is_verdict(const LookupResult& result) {
    return result.status == LookupStatus::Found || result.status == LookupStatus::Unknown ||
           result.reason == Failure::BadKey;
}
}  // namespace

std::optional<LookupResult> KeyCache::get(uint32_t node_id, Clock::time_point now) {
    const auto found = index_.find(node_id);
    if (found == index_.end()) return std::nullopt;
    if (found->second->expires <= now) {
        erase(found->second);
        return std::nullopt;
    }
    recency_.splice(recency_.begin(), recency_, found->second);
    LookupResult result = found->second->result;
    result.cached = true;
    return result;
}

void KeyCache::put(uint32_t node_id, const LookupResult& result, Clock::time_point now) {
    if (!is_verdict(result) || limits_.capacity == 0) return;
    if (const auto found = index_.find(node_id); found != index_.end()) erase(found->second);
    if (index_.size() >= limits_.capacity) erase(std::prev(recency_.end()));
    const auto ttl = result.status == LookupStatus::Found ? limits_.positive_ttl : limits_.negative_ttl;
    recency_.push_front(Entry{node_id, result, now + ttl});
    recency_.front().result.cached = false;
    index_[node_id] = recency_.begin();
}

void KeyCache::clear() {
    recency_.clear();
    index_.clear();
}

void KeyCache::erase(std::list<Entry>::iterator entry) {
    index_.erase(entry->node_id);
    recency_.erase(entry);
}

}  // namespace pb::registry
