// tests/bench/kernel_beacon/node_table.hpp — the baseline's node table, the
// way the original Go beacon keeps it: 64 shards by id & 63, each a hash
// map behind a readers-writer lock. Discover writes, relay reads.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <shared_mutex>
#include <unordered_map>

namespace pb::kbeacon {

struct NodeEntry {
    sockaddr_storage address{};
    socklen_t address_len = 0;
    bool wants_dest = false;  // registered with DiscoverEx
};

class NodeTable {
public:
    static constexpr std::size_t kShards = 64;

    // Inserts or moves `id` (the original also rate-limits moves; the
    // baseline's clients never move, so it does not).
    void upsert(uint32_t id, const sockaddr_storage& from, socklen_t from_len, bool wants_dest);
    // Copies the entry of `id` into `out`; false when unknown.
    bool lookup(uint32_t id, NodeEntry& out) const;

private:
    struct alignas(64) Shard {
        mutable std::shared_mutex lock;
        std::unordered_map<uint32_t, NodeEntry> nodes;
    };
    std::array<Shard, kShards> shards_;
};

}  // namespace pb::kbeacon
