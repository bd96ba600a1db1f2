// controlplane/gossip/compat_selection.hpp — which ids a Go peer hears when
// we hold more than one Sync can carry (docs/gossip.md "What a Go peer
// receives"). A Go beacon replaces its whole set on every Sync, so a
// rotating window would make every route flap; instead the choice is sticky:
// the ids announced last period that are still registered keep their place,
// and the room left is filled with other ids in table order (a stable,
// hash-spread order). A node that became reachable through a Go peer stays
// reachable while it stays registered here. Cost per round: one presence
// check per kept id and a scan of the table order only until the room is
// filled, not of every id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace pb::cp::gossip {

class CompatSelection {
public:
    // Whether an id is still registered here (a node-table lookup).
    using Present = std::function<bool(uint32_t)>;

    // `ids`: this period's local ids, in table order. Returns at most
    // `limit` of them (all when they fit), valid until the next call.
    std::span<const uint32_t> select(std::span<const uint32_t> ids, size_t limit, const Present& present);
    // Whether the last selection left ids out (the Sync then says PartialSet).
    bool partial() const { return partial_; }

private:
    std::vector<uint32_t> previous_;  // sorted
    std::vector<uint32_t> chosen_;
    bool partial_ = false;
};

}  // namespace pb::cp::gossip
