// pktgen/receiver.cpp — classification and accounting of received frames.
#include "pktgen/receiver.hpp"

#include <cstring>

#include "common/wire/relay.hpp"
#include "common/wire/types.hpp"
#include "pktgen/neighbour.hpp"
#include "pktgen/probe.hpp"
#include "pktgen/rx_parse.hpp"

namespace pb::pktgen {

Receiver::Receiver(SharedState& shared, WorkerCounters& counters, SequenceTracker& tracker, Histogram& relay_latency,
                   Histogram& reply_latency)
    : shared_(shared), c_(counters), tracker_(tracker), relay_latency_(relay_latency), reply_latency_(reply_latency) {}

rte_mbuf* Receiver::handle(rte_mbuf* m, uint64_t now_tsc) {
    std::array<uint8_t, kMaxNeighbourFrame> answer;
    const std::span<const uint8_t> frame(rte_pktmbuf_mtod(m, const uint8_t*), rte_pktmbuf_data_len(m));
    c_.rx_bytes.add(rte_pktmbuf_pkt_len(m));
    const std::size_t length = handle_bytes(frame, now_tsc, answer);
    rte_pktmbuf_free(m);
    if (length == 0) return nullptr;
    rte_mbuf* out = rte_pktmbuf_alloc(shared_.pool);
    if (!out) {
        c_.tx_alloc_failed.add();
        return nullptr;
    }
    std::memcpy(rte_pktmbuf_append(out, uint16_t(length)), answer.data(), length);
    return out;
}

std::size_t Receiver::handle_bytes(std::span<const uint8_t> frame, uint64_t now_tsc, std::span<uint8_t> answer) {
    c_.rx_frames.add();
    const RxFrame rx = parse_rx_frame(frame);
    switch (rx.kind) {
        case RxKind::Neighbour: return neighbour(frame, answer);
        case RxKind::LaterFragment: c_.rx_later_fragment.add(); return 0;
        case RxKind::Other: c_.rx_other.add(); return 0;
        case RxKind::Udp: break;
    }
    const BeaconTarget& beacon = shared_.scenario.beacon;
    const std::size_t ip_len = rx.ipv6 ? 16 : 4;
    const auto daemon = shared_.daemons.daemon_at(rx.dst_ip, rx.ipv6, rx.dst_port);
    if (rx.src_port != beacon.port || rx.ipv6 == beacon.address.is_v4() ||
        std::memcmp(rx.src_ip, beacon.address.bytes.data(), ip_len) != 0 || !daemon || rx.payload.empty()) {
        c_.rx_other.add();
        return 0;
    }
    beacon_datagram(*daemon, rx.payload, now_tsc);
    return 0;
}

std::size_t Receiver::neighbour(std::span<const uint8_t> frame, std::span<uint8_t> answer) {
    c_.rx_neighbour.add();
    const auto message = parse_neighbour(frame);
    if (!message) return 0;
    if (!message->request) {
        if (message->target == shared_.scenario.beacon.address) shared_.learn_beacon_mac(message->sender_mac);
        return 0;
    }
    const bool ipv6 = !message->target.is_v4();
    if (message->sender.is_unspecified() ||
        !shared_.daemons.address_index(message->target.bytes.data(), ipv6))
        return 0;
    c_.sent_neighbour.add();
    return write_neighbour_answer(answer, shared_.our_mac, *message);
}

void Receiver::reply_latency(uint32_t daemon, uint64_t now_tsc) {
    const uint64_t sent = shared_.pending_tsc[daemon].exchange(0, std::memory_order_relaxed);
    if (sent != 0 && now_tsc > sent) reply_latency_.record(uint64_t(double(now_tsc - sent) * shared_.ns_per_tsc));
}

void Receiver::beacon_datagram(uint32_t daemon, std::span<const uint8_t> payload, uint64_t now_tsc) {
    switch (wire::MsgType(payload[0])) {
        case wire::MsgType::RelayDeliver:
        case wire::MsgType::RelayDeliverDest: return delivery(payload, now_tsc);
        case wire::MsgType::DiscoverReply:
            c_.rx_discover_reply.add();
            shared_.mark_registered(daemon);
            return reply_latency(daemon, now_tsc);
        case wire::MsgType::PunchCommand:
            c_.rx_punch_command.add();
            return reply_latency(daemon, now_tsc);
        default: c_.rx_unexpected.add(); return;
    }
}

void Receiver::delivery(std::span<const uint8_t> payload, uint64_t now_tsc) {
    // The codec finds the payload after either header (a first fragment's payload is cut short: fine).
    const auto body = wire::MsgType(payload[0]) == wire::MsgType::RelayDeliver
                          ? wire::RelayDeliver::parse(payload).map([](const auto& m) { return m.payload; })
                          : wire::RelayDeliverDest::parse(payload).map([](const auto& m) { return m.payload; });
    const auto probe = body ? Probe::read(*body) : std::nullopt;
    if (!probe || probe->flow >= shared_.daemons.size()) {
        c_.rx_relay_foreign.add();
        return;
    }
    if (probe->kind != ProbeKind::Relay) {
        c_.rx_relay_forbidden.add();
        return;
    }
    if (probe->epoch != epoch_) {
        c_.rx_relay_stale.add();
        return;
    }
    c_.rx_relay.add();
    const Arrival arrival = tracker_.record(probe->flow, probe->seq);
    if (now_tsc > probe->tsc) relay_latency_.record(uint64_t(double(now_tsc - probe->tsc) * shared_.ns_per_tsc));
    if (arrival == Arrival::InOrder || arrival == Arrival::Reordered)
        shared_.credits[shared_.flow_owner[probe->flow]].delivered.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace pb::pktgen
