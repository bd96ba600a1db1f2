// controlplane/neighbours/neighbour_table.cpp — neighbour cache states and timers.
#include "controlplane/neighbours/neighbour_table.hpp"

#include <algorithm>

namespace pb::cp::nbr {

NeighbourTable::NeighbourTable(size_t capacity, NeighbourTimers timers, Prober prober)
    : capacity_(std::max<size_t>(capacity, 1)), timers_(timers), prober_(std::move(prober)) {}

void NeighbourTable::probe(const net::IpAddress& address, Entry& entry, uint64_t now_ms) {
    // Re-confirming a known MAC: unicast, but the last attempt is broadcast
    // in case the neighbour moved to another MAC.
    const bool unicast = entry.refreshing && entry.probes + 1 < timers_.max_probes;
    ++entry.probes;
    entry.due_ms = now_ms + timers_.retransmit_ms;
    ++stats_.probes;
    prober_(Probe{address, unicast ? std::optional<Mac>(entry.mac) : std::nullopt});
}

std::optional<Mac> NeighbourTable::resolve(const net::IpAddress& address, uint64_t now_ms) {
    auto it = entries_.find(address);
    if (it == entries_.end()) {
        if (entries_.size() >= capacity_) make_room();
        it = entries_.emplace(address, Entry{}).first;
        it->second.last_used_ms = now_ms;
        probe(address, it->second, now_ms);
        return std::nullopt;
    }
    Entry& entry = it->second;
    entry.last_used_ms = now_ms;
    switch (entry.state) {
        case NeighbourState::Resolved: return entry.mac;
        case NeighbourState::Pending: return std::nullopt;
        case NeighbourState::Failed:
            if (now_ms >= entry.due_ms) {
                entry.state = NeighbourState::Pending;
                entry.probes = 0;
                probe(address, entry, now_ms);
            }
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<Mac> NeighbourTable::peek(const net::IpAddress& address) const {
    const auto it = entries_.find(address);
    if (it == entries_.end() || it->second.state != NeighbourState::Resolved) return std::nullopt;
    return it->second.mac;
}

LearnOutcome NeighbourTable::learn(const net::IpAddress& address, const Mac& mac, uint64_t now_ms) {
    const auto it = entries_.find(address);
    if (it == entries_.end()) {
        ++stats_.unsolicited;
        return LearnOutcome::Unsolicited;
    }
    Entry& entry = it->second;
    LearnOutcome outcome = LearnOutcome::Confirmed;
    if (entry.state != NeighbourState::Resolved) {
        outcome = LearnOutcome::Resolved;
        ++stats_.resolved;
    } else if (entry.mac != mac) {
        outcome = LearnOutcome::Changed;
        ++stats_.changed;
    }
    entry.state = NeighbourState::Resolved;
    entry.refreshing = false;
    entry.mac = mac;
    entry.probes = 0;
    entry.due_ms = now_ms + timers_.reachable_ms;
    if (outcome != LearnOutcome::Confirmed && listener_) listener_(address, mac);
    return outcome;
}

// One entry whose timer has run out.
void NeighbourTable::advance(const net::IpAddress& address, Entry& entry, uint64_t now_ms) {
    switch (entry.state) {
        case NeighbourState::Resolved:
            if (!entry.refreshing) {
                entry.refreshing = true;
                entry.probes = 0;
                probe(address, entry, now_ms);
                return;
            }
            [[fallthrough]];
        case NeighbourState::Pending:
            if (entry.probes < timers_.max_probes) {
                probe(address, entry, now_ms);
                return;
            }
            entry.state = NeighbourState::Failed;
            entry.refreshing = false;
            entry.due_ms = now_ms + timers_.retry_failed_ms;
            ++stats_.failed;
            return;
        case NeighbourState::Failed: return;  // resolve() asks again when someone needs it
    }
}

void NeighbourTable::tick(uint64_t now_ms) {
    for (auto it = entries_.begin(); it != entries_.end();) {
        Entry& entry = it->second;
        if (now_ms - entry.last_used_ms >= timers_.idle_ms) {
            it = entries_.erase(it);
            continue;
        }
        if (now_ms >= entry.due_ms) advance(it->first, entry, now_ms);
        ++it;
    }
}

void NeighbourTable::make_room() {
    auto victim = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        const bool failed = it->second.state == NeighbourState::Failed;
        const bool victim_failed = victim->second.state == NeighbourState::Failed;
        if (failed != victim_failed ? failed : it->second.last_used_ms < victim->second.last_used_ms) victim = it;
    }
    if (victim != entries_.end()) {
        entries_.erase(victim);
        ++stats_.evicted;
    }
}

std::optional<NeighbourState> NeighbourTable::state(const net::IpAddress& address) const {
    const auto it = entries_.find(address);
    if (it == entries_.end()) return std::nullopt;
    return it->second.state;
}

size_t NeighbourTable::count(NeighbourState state) const {
    return size_t(std::count_if(entries_.begin(), entries_.end(),
                                [state](const auto& e) { return e.second.state == state; }));
}

}  // namespace pb::cp::nbr
