// controlplane/wss/relay_router.cpp — WSS peers' messages and tier-0 deliveries.
#include "controlplane/wss/relay_router.hpp"

#include <array>
#include <cstring>

#include "common/wire/byte_order.hpp"
#include "common/wire/relay.hpp"
#include "common/wire/relay_rewrite.hpp"

namespace pb::cp::wss {

std::vector<uint8_t> relay_deliver_frame(uint32_t sender, std::span<const uint8_t> payload) {
    std::vector<uint8_t> frame(wire::kRelayDeliverHeaderSize + payload.size());
    frame[0] = uint8_t(wire::MsgType::RelayDeliver);
    wire::store_be<uint32_t>(frame.data() + wire::kTypeSize, sender);
    if (!payload.empty()) std::memcpy(frame.data() + wire::kRelayDeliverHeaderSize, payload.data(), payload.size());
    return frame;
}

void RelayRouter::from_peer(uint32_t from, std::span<const uint8_t> message) {
    if (message.empty()) {
        ++stats_.ignored[size_t(Ignored::Empty)];
        return;
    }
    switch (wire::MsgType(message[0])) {
        case wire::MsgType::Relay: relay(from, message); return;
        case wire::MsgType::Discover:
        case wire::MsgType::DiscoverEx: ++stats_.ignored[size_t(Ignored::Discover)]; return;
        case wire::MsgType::PunchRequest: ++stats_.ignored[size_t(Ignored::Punch)]; return;
        case wire::MsgType::Sync: ++stats_.ignored[size_t(Ignored::Sync)]; return;
        default: ++stats_.ignored[size_t(Ignored::Other)]; return;
    }
}

void RelayRouter::relay(uint32_t from, std::span<const uint8_t> message) {
    ++stats_.relay_in[size_t(route_relay(from, message))];
}

RelayIn RelayRouter::route_relay(uint32_t from, std::span<const uint8_t> message) {
    const auto parsed = wire::Relay::parse(message);
    if (!parsed) return parsed.error() == wire::Error::TooShort ? RelayIn::Malformed : RelayIn::TooLarge;
    if (parsed->payload.size() > max_relay_payload_) return RelayIn::TooLarge;
    Link* const wss = peers_.find(parsed->dest);
    tables::NodeView local, peer;
    const bool to_local = wss == nullptr && tables_.nodes.lookup(parsed->dest, local);
    const bool to_peer = wss == nullptr && !to_local && tables_.peer_nodes.lookup(parsed->dest, peer);
    if (wss == nullptr && !to_local && !to_peer) return RelayIn::NotFound;
    if (tables_.relay_budget.admit(tables::SourceKey::from_node_id(from), tables_.now_ns()) !=
        tables::Admission::Admitted)
        return RelayIn::OverBudget;
    if (wss != nullptr) {
        switch (wss->send(relay_deliver_frame(parsed->sender, parsed->payload))) {
            case Queued::Yes: return RelayIn::ForwardedWss;
            case Queued::Full: return RelayIn::QueueFull;
            case Queued::Gone: return RelayIn::NotFound;
        }
    }
    if (to_local) {
        // The header rewritten as the workers do (relay_to_local_delivery).
        std::array<uint8_t, wire::kRelayHeaderSize> head;
        std::memcpy(head.data(), message.data(), head.size());
        const size_t start = wire::relay_to_local_delivery(wire::RelayHeader(head), local.wants_dest);
        return forward_udp(local.endpoint, std::span(head).subspan(start), parsed->payload, RelayIn::ForwardedLocal);
    }
    return forward_udp(peer.endpoint, message.first(wire::kRelayHeaderSize), parsed->payload, RelayIn::ForwardedPeer);
}

RelayIn RelayRouter::forward_udp(const tables::NodeEndpoint& to, std::span<const uint8_t> head,
                                 std::span<const uint8_t> body, RelayIn forwarded) {
    switch (udp_.send(to, head, body)) {
        case UdpResult::Sent: return forwarded;
        case UdpResult::NoMbuf: return RelayIn::NoMbuf;
        case UdpResult::ChannelFull: return RelayIn::ChannelFull;
        case UdpResult::Unroutable: break;
    }
    return RelayIn::Unroutable;
}

void RelayRouter::to_peer(uint32_t dest, std::vector<uint8_t> deliver) {
    Link* link = peers_.find(dest);
    if (link == nullptr || link->send(std::move(deliver)) == Queued::Gone) ++stats_.relay_out_not_found;
}

}  // namespace pb::cp::wss
