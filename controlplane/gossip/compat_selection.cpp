// controlplane/gossip/compat_selection.cpp — the sticky subset for Go peers.
#include "controlplane/gossip/compat_selection.hpp"

#include <algorithm>

namespace pb::cp::gossip {

std::span<const uint32_t> CompatSelection::select(std::span<const uint32_t> ids, size_t limit, const Present& present) {
    partial_ = ids.size() > limit;
    if (!partial_) {
        chosen_.assign(ids.begin(), ids.end());
    } else {
        // The previous choice still registered (sorted, as previous_ is)...
        chosen_.clear();
        for (uint32_t id : previous_)
            if (chosen_.size() < limit && present(id)) chosen_.push_back(id);
        const std::vector<uint32_t> kept = chosen_;
        // ... then newcomers in table order until the room is filled.
        for (auto it = ids.begin(); it != ids.end() && chosen_.size() < limit; ++it)
            if (!std::binary_search(kept.begin(), kept.end(), *it)) chosen_.push_back(*it);
    }
    previous_ = chosen_;
    std::sort(previous_.begin(), previous_.end());
    return chosen_;
}

}  // namespace pb::cp::gossip
