// common/tables/peer_set.cpp — seqlock-protected peer endpoint set.
#include "common/tables/peer_set.hpp"

#include <algorithm>
#include <cstring>

namespace pb::tables {

namespace {
constexpr unsigned kMaxReadRetries = 64;

uint64_t family_port(const net::Endpoint& e) { return uint64_t(e.address.family) << 16 | e.port; }

net::Endpoint decode(const uint64_t words[2], uint64_t fp) {
    net::Endpoint e;
    std::memcpy(e.address.bytes.data(), words, 16);
    e.address.family = net::Family(fp >> 16);
    e.port = uint16_t(fp);
    return e;
}
}  // namespace

size_t PeerSet::replace(std::span<const net::Endpoint> peers) {
    const size_t n = std::min(peers.size(), kMaxPeers);
    seq_.fetch_add(1, std::memory_order_acq_rel);  // odd: readers retry
    std::atomic_thread_fence(std::memory_order_release);
    for (size_t i = 0; i < n; ++i) {
        uint64_t words[2];
        std::memcpy(words, peers[i].address.bytes.data(), 16);
        entries_[i].address[0].store(words[0], std::memory_order_relaxed);
        entries_[i].address[1].store(words[1], std::memory_order_relaxed);
        entries_[i].family_port.store(family_port(peers[i]), std::memory_order_relaxed);
    }
    count_.store(n, std::memory_order_relaxed);
    seq_.fetch_add(1, std::memory_order_release);  // even again
    return n;
}

template <class Match>
bool PeerSet::any(Match&& match) const {
    for (unsigned attempt = 0; attempt < kMaxReadRetries; ++attempt) {
        const uint32_t before = seq_.load(std::memory_order_acquire);
        if (before & 1) continue;
        bool found = false;
        const size_t n = count_.load(std::memory_order_relaxed);
        for (size_t i = 0; i < n && !found; ++i) {
            const uint64_t words[2] = {entries_[i].address[0].load(std::memory_order_relaxed),
                                       entries_[i].address[1].load(std::memory_order_relaxed)};
            found = match(decode(words, entries_[i].family_port.load(std::memory_order_relaxed)));
        }
        std::atomic_thread_fence(std::memory_order_acquire);
        if (seq_.load(std::memory_order_relaxed) == before) return found;
    }
    return false;
}

bool PeerSet::contains_address(const net::IpAddress& address) const {
    return any([&](const net::Endpoint& e) { return e.address == address; });
}

bool PeerSet::contains(const net::Endpoint& endpoint) const {
    return any([&](const net::Endpoint& e) { return e == endpoint; });
}

}  // namespace pb::tables
