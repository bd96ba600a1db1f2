// dataplane/beacon/punch.cpp — PunchRequest (0x03): rate limits (global and
// per source IP, skipped for whitelisted sources), the optional grant token,
// the requester's endpoint upsert, then PunchCommand(target's endpoint) to
// the requester (in the received mbuf) and PunchCommand(requester's
// endpoint) to the target (a fresh mbuf), each endpoint read as late as
// possible. Unknown peers and failed grants look the same from outside:
// no packet.
#include "common/wire/encode.hpp"
#include "common/wire/endpoint_messages.hpp"
#include "common/wire/punch_request.hpp"
#include "dataplane/beacon/beacon_state.hpp"
#include "dataplane/beacon/grant.hpp"
#include "dataplane/beacon/handlers.hpp"
#include "dataplane/fragments.hpp"
#include "dataplane/udp_emit.hpp"

namespace pb::dp {

namespace {

bool within_rate_limits(const net::IpAddress& source, WorkerContext& ctx) {
    BeaconState& beacon = ctx.beacon;
    if (beacon.settings.punch_exempt(source)) return true;
    // Per source first, so that one source over its own limit cannot use up the global budget.
    if (beacon.punch_per_ip.admit(tables::SourceKey::from_ip(source), ctx.now.ns) != tables::Admission::Admitted) {
        ctx.counters.punch_rate_source.add();
        return false;
    }
    if (!beacon.punch_global.admit(ctx.now.ns)) {
        ctx.counters.punch_rate_global.add();
        return false;
    }
    return true;
}

bool authorised(const wire::PunchRequest& request, WorkerContext& ctx) {
    if (!ctx.beacon.settings.require_punch_token) return true;
    tables::PublicKey target_key;
    return ctx.beacon.nodes.public_key(request.target, target_key) &&
           grant_is_valid(request, target_key, ctx.now.unix_s);
}

// Writes PunchCommand(`about`) as the whole UDP payload at `payload_offset`
// and addresses the frame to `to`.
bool build_command(rte_mbuf* m, uint16_t payload_offset, const tables::NodeEndpoint& to,
                   const tables::NodeEndpoint& about, WorkerContext& ctx) {
    const wire::PunchCommand command{.endpoint = {about.address, about.port}};
    const uint16_t size = uint16_t(wire::endpoint_message_size(about.address.family));
    if (!resize_payload(m, payload_offset, size)) return false;
    (void)wire::encode(std::span<uint8_t>(rte_pktmbuf_mtod_offset(m, uint8_t*, payload_offset), size), command);
    return emit_udp(m, payload_offset, to, ctx);
}

void send(rte_mbuf* m, WorkerContext& ctx) {
    ctx.counters.punch_commands_sent.add();
    transmit_frame(m, ctx);
}

}  // namespace

Verdict handle_punch_request(rte_mbuf* m, const UdpDatagram& dgram, std::span<const uint8_t> message,
                             WorkerContext& ctx) {
    WorkerCounters& c = ctx.counters;
    c.punch_received.add();
    const auto request = wire::PunchRequest::parse(message);
    if (!request) {
        c.punch_malformed.add();
        return Verdict::Drop;
    }
    const ObservedSource source = observed_source(m, dgram);
    if (!within_rate_limits(source.address, ctx)) return Verdict::Drop;
    if (!authorised(*request, ctx)) {
        c.punch_unauthorised.add();
        return Verdict::Drop;
    }

    BeaconState& beacon = ctx.beacon;
    tables::DiscoverUpdate update;
    update.id = request->requester;
    update.endpoint = source.endpoint();
    update.now_s = ctx.now.s;
    update.key_pins_endpoint = beacon.settings.strict_discover;
    if (beacon.nodes.upsert(update) == tables::WriteResult::Pinned) c.discover_pinned.add();

    tables::NodeView target, requester;
    if (!beacon.nodes.lookup(request->target, target) || !beacon.nodes.lookup(request->requester, requester)) {
        c.punch_not_found.add();
        return Verdict::Drop;
    }
    rte_mbuf* to_target = rte_pktmbuf_alloc(ctx.pool);
    if (!build_command(m, dgram.payload_offset, requester.endpoint, target.endpoint, ctx)) {
        c.beacon_no_headroom.add();
        rte_pktmbuf_free(to_target);
        return Verdict::Drop;
    }
    send(m, ctx);
    if (!to_target) {
        c.punch_no_mbuf.add();
        return Verdict::Consumed;
    }
    // The requester's endpoint, read again as late as possible.
    if (!beacon.nodes.lookup(request->requester, requester)) requester.endpoint = source.endpoint();
    if (!beacon.nodes.lookup(request->target, target) ||
        !build_command(to_target, 0, target.endpoint, requester.endpoint, ctx)) {
        c.punch_not_found.add();
        rte_pktmbuf_free(to_target);
        return Verdict::Consumed;
    }
    send(to_target, ctx);
    return Verdict::Consumed;
}

}  // namespace pb::dp
