// dataplane/beacon/stun.cpp — standard STUN on the beacon port (RFC 8489,
// PROTOCOL.md §9): a datagram whose first byte is 0x00. Binding requests
// are answered in the same mbuf with the observed source in
// XOR-MAPPED-ADDRESS (or a 400/420, see common/wire/stun.hpp), within the
// per-source reply budget Discover uses; indications are consumed; the rest
// is dropped, each outcome counted.
#include "common/wire/stun.hpp"

#include "dataplane/beacon/handlers.hpp"
#include "dataplane/beacon/source_reply.hpp"

namespace pb::dp {

namespace {

// Counts a datagram that gets no reply; Verdict::Drop in every case.
Verdict not_answered(wire::stun::Action action, WorkerCounters& c) {
    using wire::stun::Action;
    switch (action) {
        case Action::ConsumeIndication: c.stun_indications.add(); break;
        case Action::DropNoCookie: c.stun_no_cookie.add(); break;
        case Action::DropBadFingerprint: c.stun_bad_fingerprint.add(); break;
        case Action::DropUnsupported: c.stun_unsupported.add(); break;
        default: c.stun_malformed.add(); break;
    }
    return Verdict::Drop;
}

void count_reply(wire::stun::Action action, WorkerCounters& c) {
    using wire::stun::Action;
    switch (action) {
        case Action::ReplySuccess: c.stun_replied_success.add(); break;
        case Action::ReplyBadRequest: c.stun_replied_400.add(); break;
        default: c.stun_replied_420.add(); break;
    }
}

}  // namespace

Verdict handle_stun(rte_mbuf* m, const UdpDatagram& dgram, std::span<const uint8_t> message, WorkerContext& ctx) {
    WorkerCounters& c = ctx.counters;
    c.stun_received.add();
    // A STUN message is one small datagram: one spread over segments (a
    // reassembled one) is not read, and counts as malformed.
    if (message.size() != dgram.payload_len) return not_answered(wire::stun::Action::DropMalformed, c);
    const wire::stun::Inspection request = wire::stun::inspect(message);
    if (!request.replies()) return not_answered(request.action, c);

    const ObservedSource source = observed_source(m, dgram);
    if (!admit_reply(source, ctx)) {
        c.stun_reply_budget.add();
        return Verdict::Drop;
    }
    const net::Endpoint mapped = source.transport();
    const uint16_t size = uint16_t(wire::stun::reply_size(request, mapped.address.family));
    if (!reply_to_source(m, dgram, source, size, ctx,
                         [&](std::span<uint8_t> payload) { wire::stun::write_reply(payload, request, mapped); }))
        return Verdict::Drop;
    count_reply(request.action, c);
    return Verdict::Transmit;
}

}  // namespace pb::dp
