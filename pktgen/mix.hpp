// pktgen/mix.hpp — what to send next: the kind of packet drawn by the
// scenario's weights (from a 1024-entry table, one random draw each), the
// sending daemon (round robin over the daemons a worker owns, so every
// source sends at the same rate) and the destination by the pair mode.
// Deterministic for a seed.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "pktgen/scenario.hpp"

namespace pb::pktgen {

// xorshift64*: fast, good enough for picking packets.
class Random {
public:
    explicit Random(uint64_t seed) : state_(seed * 0x9e3779b97f4a7c15ull | 1) {}
    uint64_t next() {
        state_ ^= state_ >> 12;
        state_ ^= state_ << 25;
        state_ ^= state_ >> 27;
        return state_ * 0x2545f4914f6cdd1dull;
    }
    // Uniform in [0, n) (n > 0), by multiply-shift.
    uint32_t below(uint32_t n) { return uint32_t((next() >> 32) * n >> 32); }

private:
    uint64_t state_;
};

class KindTable {
public:
    static constexpr std::size_t kSize = 1024;
    explicit KindTable(const std::array<uint32_t, kKindCount>& weights);
    Kind draw(Random& r) const { return table_[r.next() >> 54]; }  // top 10 bits
    bool has(Kind k) const;

private:
    std::array<Kind, kSize> table_{};
};

// Who a sender relays to (and a punch requester targets).
class PairPicker {
public:
    PairPicker(const RelayConfig& cfg, uint32_t daemons, uint64_t seed);
    uint32_t dest(uint32_t sender, Random& r) const;
    // pairs: fixed: the senders, in the order given; otherwise empty.
    const std::vector<uint32_t>& fixed_senders() const { return fixed_senders_; }

private:
    PairMode mode_;
    uint32_t daemons_;
    std::vector<uint32_t> partner_;         // shuffled / fixed: sender → dest
    std::vector<uint32_t> fixed_senders_;
};

}  // namespace pb::pktgen
