// tests/bench/kernel_beacon/node_table.cpp — sharded, locked node table.
#include "tests/bench/kernel_beacon/node_table.hpp"

#include <mutex>

namespace pb::kbeacon {

void NodeTable::upsert(uint32_t id, const sockaddr_storage& from, socklen_t from_len, bool wants_dest) {
    Shard& shard = shards_[id % kShards];
    std::unique_lock lock(shard.lock);
    NodeEntry& e = shard.nodes[id];
    e.address = from;
    e.address_len = from_len;
    e.wants_dest = e.wants_dest || wants_dest;
}

bool NodeTable::lookup(uint32_t id, NodeEntry& out) const {
    const Shard& shard = shards_[id % kShards];
    std::shared_lock lock(shard.lock);
    const auto it = shard.nodes.find(id);
    if (it == shard.nodes.end()) return false;
    out = it->second;
    return true;
}

}  // namespace pb::kbeacon
