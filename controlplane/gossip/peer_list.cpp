// controlplane/gossip/peer_list.cpp — static ∪ dynamic peers.
#include "controlplane/gossip/peer_list.hpp"

#include <algorithm>

namespace pb::cp::gossip {

namespace {
void add_unique(std::vector<net::Endpoint>& out, const net::Endpoint& e) {
    if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
}
}  // namespace

std::vector<std::string> PeerList::set_static(const std::vector<std::string>& peers) {
    std::vector<std::string> names;
    static_.clear();
    for (const std::string& text : peers) {
        const auto endpoint = net::Endpoint::parse(text);
        if (endpoint && !endpoint->address.is_unspecified())
            static_.push_back({endpoint->address.unmapped(), endpoint->port});
        else
            names.push_back(text);
    }
    rebuild();
    return names;
}

void PeerList::set_dynamic(std::vector<net::Endpoint> peers) {
    for (net::Endpoint& e : peers) e.address = e.address.unmapped();
    dynamic_ = std::move(peers);
    rebuild();
}

void PeerList::rebuild() {
    configured_.clear();
    for (const auto* list : {&static_, &dynamic_})
        for (const net::Endpoint& e : *list)
            if (std::find(self_.begin(), self_.end(), e) == self_.end()) add_unique(configured_, e);
}

bool PeerList::configured_address(const net::IpAddress& address) const {
    return std::any_of(configured_.begin(), configured_.end(), [&](const net::Endpoint& e) { return e.address == address; });
}

std::vector<net::Endpoint> PeerList::with_heard(std::span<const net::Endpoint> heard, size_t limit) const {
    std::vector<net::Endpoint> out(configured_.begin(), configured_.begin() + std::min(limit, configured_.size()));
    for (const net::Endpoint& e : heard) {
        if (out.size() >= limit) break;
        add_unique(out, e);
    }
    return out;
}

}  // namespace pb::cp::gossip
