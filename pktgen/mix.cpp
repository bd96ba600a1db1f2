// pktgen/mix.cpp — the weight table and the pair modes.
#include "pktgen/mix.hpp"

#include <numeric>

namespace pb::pktgen {

KindTable::KindTable(const std::array<uint32_t, kKindCount>& weights) {
    const uint64_t total = std::accumulate(weights.begin(), weights.end(), uint64_t(0));
    // Largest-remainder free: cumulative weights scaled to the table, so each
    // kind with a weight gets at least one slot.
    std::size_t at = 0;
    uint64_t cumulative = 0;
    for (std::size_t k = 0; k < kKindCount && total > 0; ++k) {
        if (weights[k] == 0) continue;
        cumulative += weights[k];
        std::size_t end = std::size_t(cumulative * kSize / total);
        if (end <= at) end = at + 1;
        for (; at < end && at < kSize; ++at) table_[at] = Kind(k);
    }
    for (; at < kSize; ++at) table_[at] = table_[at - 1];
}

bool KindTable::has(Kind k) const {
    for (Kind entry : table_)
        if (entry == k) return true;
    return false;
}

PairPicker::PairPicker(const RelayConfig& cfg, uint32_t daemons, uint64_t seed)
    : mode_(cfg.pairs), daemons_(daemons) {
    if (mode_ == PairMode::Shuffled) {
        // A random derangement-ish pairing: a shuffled cycle, so nobody relays to itself.
        std::vector<uint32_t> order(daemons);
        std::iota(order.begin(), order.end(), 0u);
        Random r(seed ^ 0x5eed);
        for (uint32_t i = daemons; i > 1; --i) std::swap(order[i - 1], order[r.below(i)]);
        partner_.resize(daemons);
        for (uint32_t i = 0; i < daemons; ++i) partner_[order[i]] = order[(i + 1) % daemons];
    } else if (mode_ == PairMode::Fixed) {
        partner_.assign(daemons, 0);
        for (const auto& [from, to] : cfg.fixed) {
            partner_[from] = to;
            fixed_senders_.push_back(from);
        }
    }
}

uint32_t PairPicker::dest(uint32_t sender, Random& r) const {
    switch (mode_) {
        case PairMode::Random: {
            const uint32_t d = r.below(daemons_ - 1);  // any daemon but the sender
            return d >= sender ? d + 1 : d;
        }
        case PairMode::Ring: return (sender + 1) % daemons_;
        case PairMode::Shuffled:
        case PairMode::Fixed: return partner_[sender];
    }
    return 0;
}

}  // namespace pb::pktgen
