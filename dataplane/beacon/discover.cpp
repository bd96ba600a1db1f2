// dataplane/beacon/discover.cpp — Discover (0x01) / DiscoverEx (0x08):
// register the observed source under the node id (at most one endpoint move
// per discover_interval_s; the key from the message is kept first-write-wins)
// and answer DiscoverReply with the observed ip:port, in the same mbuf.
#include <rte_ip.h>
#include <rte_udp.h>

#include "common/wire/discover.hpp"
#include "common/wire/encode.hpp"
#include "common/wire/endpoint_messages.hpp"
#include "dataplane/beacon/beacon_state.hpp"
#include "dataplane/beacon/handlers.hpp"
#include "dataplane/beacon/source_reply.hpp"

namespace pb::dp {

namespace {

template <class Message>
Verdict register_and_reply(rte_mbuf* m, const UdpDatagram& dgram, const Message& discover, WorkerContext& ctx) {
    WorkerCounters& c = ctx.counters;
    BeaconState& beacon = ctx.beacon;
    const ObservedSource source = observed_source(m, dgram);
    if (!admit_reply(source, ctx)) {
        c.discover_reply_budget.add();
        return Verdict::Drop;
    }
    tables::DiscoverUpdate update;
    update.id = discover.id;
    update.endpoint = source.endpoint();
    update.now_s = ctx.now.s;
    update.min_move_interval_s = beacon.settings.discover_interval_s;
    update.public_key = discover.public_key ? discover.public_key->data() : nullptr;
    update.wants_dest = Message::kType == wire::MsgType::DiscoverEx;
    update.key_pins_endpoint = beacon.settings.strict_discover;
    switch (beacon.nodes.upsert(update)) {
        case tables::WriteResult::Full: c.discover_table_full.add(); return Verdict::Drop;
        case tables::WriteResult::Busy: c.discover_contention.add(); return Verdict::Drop;
        case tables::WriteResult::Throttled: c.discover_throttled.add(); break;
        case tables::WriteResult::Pinned: c.discover_pinned.add(); break;
        default: break;
    }

    const wire::DiscoverReply reply{.endpoint = source.transport()};
    const uint16_t reply_size = uint16_t(wire::endpoint_message_size(source.address.family));
    if (!reply_to_source(m, dgram, source, reply_size, ctx,
                         [&](std::span<uint8_t> payload) { (void)wire::encode(payload, reply); }))
        return Verdict::Drop;
    c.discover_replied.add();
    return Verdict::Transmit;
}

template <class Message>
Verdict parse_and_handle(rte_mbuf* m, const UdpDatagram& dgram, std::span<const uint8_t> message,
                         WorkerContext& ctx) {
    const auto discover = Message::parse(message);
    if (!discover) {
        ctx.counters.discover_malformed.add();
        return Verdict::Drop;
    }
    return register_and_reply(m, dgram, *discover, ctx);
}

}  // namespace

Verdict handle_discover(rte_mbuf* m, const UdpDatagram& dgram, std::span<const uint8_t> message, bool extended,
                        WorkerContext& ctx) {
    ctx.counters.discover_received.add();
    // A reassembled Discover parses from its first segment, which holds far
    // more than id + key; the bytes beyond are ignored (PROTOCOL.md §1).
    return extended ? parse_and_handle<wire::DiscoverEx>(m, dgram, message, ctx)
                    : parse_and_handle<wire::Discover>(m, dgram, message, ctx);
}

}  // namespace pb::dp
