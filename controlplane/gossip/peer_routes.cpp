// controlplane/gossip/peer_routes.cpp — replace/withdraw of tier-2 routes.
#include "controlplane/gossip/peer_routes.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include "controlplane/gossip/id_sort.hpp"

namespace pb::cp::gossip {

namespace {

std::vector<uint32_t> ids_of(const ReceivedSync& sync) {
    std::vector<uint32_t> ids(sync.count());
    for (size_t i = 0; i < ids.size(); ++i) ids[i] = sync.id(i);
    return ids;
}

bool points_at(const tables::NodeView& v, const net::Endpoint& sender) {
    return v.endpoint.address == sender.address && v.endpoint.port == sender.port;
}

}  // namespace

PeerRoutes::PeerRoutes(tables::NodeTable& peer_nodes, const tables::NodeTable& local)
    : peer_nodes_(peer_nodes), local_(local) {}

// The most parts a generation may claim: every part but the last of our
// senders holds ≥ 125 ids (MTU 576 over IPv6), so this leaves room to spare.
size_t PeerRoutes::max_parts() const { return peer_nodes_.capacity() / 64 + 1; }

PeerRoutes::Sender* PeerRoutes::touch(const net::Endpoint& sender, const tables::Mac& next_hop, uint32_t now_s) {
    auto it = senders_.find(sender);
    if (it == senders_.end()) {
        if (senders_.size() >= kMaxSenders) {
            ++stats_.senders_refused;
            return nullptr;
        }
        it = senders_.emplace(sender, Sender{}).first;
        it->second.next_hop = next_hop;
    }
    it->second.last_heard_s = now_s;
    set_next_hop(sender, next_hop);
    return &it->second;
}

void PeerRoutes::apply(const net::Endpoint& sender, const tables::Mac& next_hop, const ReceivedSync& sync,
                       uint32_t now_s) {
    Sender* s = touch(sender, next_hop, now_s);
    if (s == nullptr) return;
    const bool extended = sync.kind == SyncKind::Extended;
    s->multipart = extended && (sync.trailer.flags & flags::kMultipart);
    if (extended && sync.trailer.parts > 1) {
        apply_part(sender, *s, sync, now_s);
        return;
    }
    abandon_collection(*s);
    install(sender, *s, sync, now_s);
    commit(sender, *s, ids_of(sync), !(extended && (sync.trailer.flags & flags::kPartialSet)), now_s);
}

void PeerRoutes::hello(const net::Endpoint& sender, const tables::Mac& next_hop, uint32_t now_s) {
    if (Sender* s = touch(sender, next_hop, now_s)) s->multipart = true;
}

void PeerRoutes::apply_part(const net::Endpoint& sender, Sender& s, const ReceivedSync& sync, uint32_t now_s) {
    const SyncTrailer& t = sync.trailer;
    if (t.part >= t.parts || t.parts > max_parts()) {
        ++stats_.parts_bad;
        return;
    }
    if (s.completed_any && t.generation == s.completed_generation) {
        ++stats_.parts_stale;
        return;
    }
    if (!s.collecting || t.generation != s.generation) {
        abandon_collection(s);
        s.collecting = true;
        s.generation = t.generation;
        s.parts_seen = 0;
        s.seen.assign(t.parts, false);
    }
    if (s.seen.size() != t.parts) {  // the part count changed inside one generation
        ++stats_.parts_bad;
        return;
    }
    if (s.seen[t.part]) {
        ++stats_.parts_stale;
        return;
    }
    s.seen[t.part] = true;
    ++s.parts_seen;
    install(sender, s, sync, now_s);
    const size_t room = peer_nodes_.capacity() - std::min<size_t>(s.collected.size(), peer_nodes_.capacity());
    for (size_t i = 0; i < std::min(sync.count(), room); ++i) s.collected.push_back(sync.id(i));
    if (s.parts_seen < t.parts) return;
    s.collecting = false;
    s.completed_any = true;
    s.completed_generation = t.generation;
    s.seen = {};
    commit(sender, s, std::exchange(s.collected, {}), !(t.flags & flags::kPartialSet), now_s);
}

void PeerRoutes::install(const net::Endpoint& sender, const Sender& s, const ReceivedSync& sync, uint32_t now_s) {
    // Millions of ids miss the cache: fetch the slots a few ids ahead.
    constexpr size_t kAhead = 8;
    const size_t n = sync.count();
    for (size_t i = 0; i < n + kAhead; ++i) {
        if (i + kAhead < n) {
            peer_nodes_.prefetch(sync.id(i + kAhead));
            local_.prefetch(sync.id(i + kAhead));
        }
        if (i < n) install_one(sync.id(i), sender, s.next_hop, now_s);
    }
}

void PeerRoutes::install_one(uint32_t id, const net::Endpoint& to, const tables::Mac& mac, uint32_t now_s) {
    tables::NodeView current;
    if (local_.lookup(id, current)) {
        ++stats_.skipped_local;
        return;
    }
    const tables::NodeEndpoint endpoint{to.address, to.port, mac};
    if (peer_nodes_.lookup(id, current) && current.endpoint == endpoint) return;  // unchanged: no write
    tables::DiscoverUpdate update;
    update.id = id;
    update.endpoint = endpoint;
    update.now_s = now_s;
    update.min_move_interval_s = 0;
    switch (peer_nodes_.upsert(update)) {
        case tables::WriteResult::Inserted: ++stats_.learned; break;
        case tables::WriteResult::Full: ++stats_.refused_full; break;
        case tables::WriteResult::Busy: ++stats_.refused_busy; break;
        default: break;
    }
}

void PeerRoutes::commit(const net::Endpoint& sender, Sender& s, std::vector<uint32_t> ids, bool replace,
                        uint32_t now_s) {
    sort_unique_ids(ids);
    if (!replace) {
        std::vector<uint32_t> merged;
        merged.reserve(s.announced.size() + ids.size());
        std::set_union(s.announced.begin(), s.announced.end(), ids.begin(), ids.end(), std::back_inserter(merged));
        s.announced = std::move(merged);
        return;
    }
    std::vector<uint32_t> gone;
    std::set_difference(s.announced.begin(), s.announced.end(), ids.begin(), ids.end(), std::back_inserter(gone));
    s.announced = std::move(ids);  // before withdrawing: the sender no longer offers these
    for (uint32_t id : gone)
        if (withdraw(id, sender, now_s)) ++stats_.withdrawn_replaced;
}

void PeerRoutes::abandon_collection(Sender& s) {
    if (!s.collecting) return;
    // Its parts' ids were installed: keep them owned until a complete set or the TTL.
    std::vector<uint32_t> ids = std::exchange(s.collected, {});
    sort_unique_ids(ids);
    std::vector<uint32_t> merged;
    std::set_union(s.announced.begin(), s.announced.end(), ids.begin(), ids.end(), std::back_inserter(merged));
    s.announced = std::move(merged);
    s.collecting = false;
    s.seen = {};
}

bool PeerRoutes::withdraw(uint32_t id, const net::Endpoint& sender, uint32_t now_s) {
    tables::NodeView v;
    if (!peer_nodes_.lookup(id, v) || !points_at(v, sender)) return false;
    tables::NodeView local;
    if (!local_.lookup(id, local)) {
        for (const auto& [endpoint, other] : senders_) {
            if (endpoint == sender || !std::binary_search(other.announced.begin(), other.announced.end(), id)) continue;
            install_one(id, endpoint, other.next_hop, now_s);
            return false;
        }
    }
    return peer_nodes_.remove(id);
}

std::vector<ExpiredSender> PeerRoutes::expire(uint32_t now_s, uint32_t ttl_s) {
    std::vector<ExpiredSender> expired;
    for (auto it = senders_.begin(); it != senders_.end();) {
        if (now_s - it->second.last_heard_s < ttl_s) {
            ++it;
            continue;
        }
        abandon_collection(it->second);
        const std::vector<uint32_t> ids = std::exchange(it->second.announced, {});
        ExpiredSender gone{it->first, 0};
        for (uint32_t id : ids) gone.routes += withdraw(id, it->first, now_s);
        stats_.withdrawn_ttl += gone.routes;
        expired.push_back(gone);
        it = senders_.erase(it);
    }
    return expired;
}

void PeerRoutes::set_next_hop(const net::Endpoint& sender, const tables::Mac& mac) {
    const auto it = senders_.find(sender);
    if (it == senders_.end() || it->second.next_hop == mac) return;
    Sender& s = it->second;
    s.next_hop = mac;
    for (uint32_t id : s.announced) {
        tables::NodeView v;
        if (!peer_nodes_.lookup(id, v) || !points_at(v, sender)) continue;
        install_one(id, sender, mac, v.last_seen_s);
    }
}

bool PeerRoutes::multipart(const net::Endpoint& sender) const {
    const auto it = senders_.find(sender);
    return it != senders_.end() && it->second.multipart;
}

size_t PeerRoutes::multipart_count() const {
    return size_t(std::count_if(senders_.begin(), senders_.end(), [](const auto& e) { return e.second.multipart; }));
}

std::vector<net::Endpoint> PeerRoutes::senders() const {
    std::vector<net::Endpoint> out;
    out.reserve(senders_.size());
    for (const auto& entry : senders_) out.push_back(entry.first);
    return out;
}

std::span<const uint32_t> PeerRoutes::announced(const net::Endpoint& sender) const {
    const auto it = senders_.find(sender);
    if (it == senders_.end()) return {};
    return it->second.announced;
}

}  // namespace pb::cp::gossip
