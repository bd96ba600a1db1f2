// controlplane/wss/peer_map.hpp — the authenticated connections by node id
// (one per id: a newer one replaces the older), mirrored into the tier-0
// NodeTable the workers read (BeaconState::wss_peers): an id is upserted
// there when its connection authenticates and removed when the connection
// that holds it ends. The control plane is that table's only writer.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>

#include "common/tables/node_table.hpp"
#include "controlplane/wss/link.hpp"

namespace pb::cp::wss {

class PeerMap {
public:
    // `now_s`: the workers' clock in seconds (the table's last-seen times).
    PeerMap(tables::NodeTable& table, std::function<uint32_t()> now_s) : table_(table), now_s_(std::move(now_s)) {}
    ~PeerMap() { clear(); }
    PeerMap(const PeerMap&) = delete;
    PeerMap& operator=(const PeerMap&) = delete;

    // Makes `link` node_id's connection (`remote`: its TCP peer, informational);
    // an older connection of the id is told replace(). false: the table is full.
    bool add(uint32_t node_id, std::shared_ptr<Link> link, const tables::NodeEndpoint& remote);
    // Removes node_id if `link` still holds it (not when a newer one replaced it).
    void remove(uint32_t node_id, const Link* link);
    Link* find(uint32_t node_id) const;
    size_t size() const { return links_.size(); }
    // Shutdown: forgets every connection and empties the table.
    void clear();

private:
    tables::NodeTable& table_;
    std::function<uint32_t()> now_s_;
    std::unordered_map<uint32_t, std::shared_ptr<Link>> links_;
};

}  // namespace pb::cp::wss
