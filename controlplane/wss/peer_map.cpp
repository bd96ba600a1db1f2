// controlplane/wss/peer_map.cpp — connections by node id and the tier-0 table.
#include "controlplane/wss/peer_map.hpp"

namespace pb::cp::wss {

bool PeerMap::add(uint32_t node_id, std::shared_ptr<Link> link, const tables::NodeEndpoint& remote) {
    tables::DiscoverUpdate update;
    update.id = node_id;
    update.endpoint = remote;
    update.now_s = now_s_();
    const tables::WriteResult written = table_.upsert(update);
    if (written == tables::WriteResult::Full || written == tables::WriteResult::Busy) return false;
    std::shared_ptr<Link>& slot = links_[node_id];
    if (slot) slot->replace();
    slot = std::move(link);
    return true;
}

void PeerMap::remove(uint32_t node_id, const Link* link) {
    const auto it = links_.find(node_id);
    if (it == links_.end() || it->second.get() != link) return;
    links_.erase(it);
    table_.remove(node_id);
}

Link* PeerMap::find(uint32_t node_id) const {
    const auto it = links_.find(node_id);
    return it == links_.end() ? nullptr : it->second.get();
}

void PeerMap::clear() {
    for (const auto& [id, link] : links_) table_.remove(id);
    links_.clear();
}

}  // namespace pb::cp::wss
