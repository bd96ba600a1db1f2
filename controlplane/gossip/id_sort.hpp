// controlplane/gossip/id_sort.hpp — sorting node-id sets of up to millions
// (one per peer beacon and gossip round): an LSD radix sort, 3 passes of 11
// bits, several times faster than std::sort on 10 M random ids; duplicates
// removed.
#pragma once

#include <cstdint>
#include <vector>

namespace pb::cp::gossip {

// Sorts `ids` ascending and removes duplicates.
void sort_unique_ids(std::vector<uint32_t>& ids);

}  // namespace pb::cp::gossip
