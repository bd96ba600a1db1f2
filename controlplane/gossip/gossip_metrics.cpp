// controlplane/gossip/gossip_metrics.cpp — gossip counters as Prometheus
// families (docs/gossip.md lists them).
#include "controlplane/gossip/gossip_stats.hpp"
#include "controlplane/neighbours/metric_family.hpp"

namespace pb::cp::gossip {

namespace {
constexpr std::string_view kReceivedFormats[] = {"go", "extended", "hello"};
constexpr std::string_view kSentFormats[] = {"go", "part", "hello"};
constexpr std::string_view kRejections[] = {"strict_gossip", "too_short", "count_mismatch", "bad_frame",
                                            "bad_part", "stale_part", "too_many_senders"};
constexpr std::string_view kSkips[] = {"resolving", "no_route", "no_address"};
constexpr std::string_view kSendFailures[] = {"no_mbuf", "channel_full", "no_address"};
constexpr std::string_view kWithdrawals[] = {"replaced", "ttl"};
constexpr std::string_view kRefusals[] = {"full", "busy"};

void write_totals(MetricsWriter& out, const GossipStats& g, const RouteStats& r, const SendStats& s) {
    out.counter("gossip_frames_sent", "Gossip frames handed to a worker (IP fragments counted one by one)", s.frames);
    out.counter("gossip_ids_announced", "Node ids sent in Syncs", g.ids_announced);
    out.counter("gossip_ids_learned", "Peer routes (tier 2) installed from Syncs", r.learned);
    out.counter("gossip_ids_skipped_local", "Announced ids not installed: registered here", r.skipped_local);
    out.counter("gossip_rounds", "Gossip rounds started", g.rounds);
    out.counter("gossip_rounds_overrun", "Rounds started before the previous one had sent everything", g.rounds_overrun);
    out.counter("gossip_send_deferred", "Pacing waits for room in the worker channel", g.deferred);
}

void write_gauges(MetricsWriter& out, const GossipGauges& gauges) {
    out.gauge("gossip_peers", "Peer beacons to gossip with (static and registry)", gauges.peers_configured);
    out.gauge("gossip_peers_heard", "Beacons whose Syncs are live (within the route TTL)", gauges.peers_heard);
    out.gauge("gossip_peers_multipart", "Heard beacons that take multi-part Syncs", gauges.peers_multipart);
    out.gauge("gossip_peer_routes", "Node ids routed to a peer beacon (tier 2)", gauges.peer_routes);
}
}  // namespace

void write_gossip_metrics(MetricsWriter& out, const GossipStats& g, const RouteStats& r, const SendStats& s,
                          const GossipGauges& gauges) {
    counter_family(out, "gossip_sync_received", "Syncs accepted from peer beacons, by format", "format",
                   kReceivedFormats, g.received);
    counter_family(out, "gossip_sync_sent", "Syncs sent to peer beacons, by format", "format", kSentFormats, g.sent);
    const uint64_t rejected[] = {g.rejected[0], g.rejected[1], g.rejected[2], g.rejected[3],
                                 r.parts_bad, r.parts_stale, r.senders_refused};
    counter_family(out, "gossip_sync_rejected", "Syncs ignored", "reason", kRejections, rejected);
    const uint64_t failed[] = {s.no_mbuf, s.channel_full, g.build_failed};
    counter_family(out, "gossip_sync_send_failed", "Syncs not sent", "reason", kSendFailures, failed);
    counter_family(out, "gossip_next_hop_unresolved", "Peers skipped for one gossip round: next hop not usable",
                   "reason", kSkips, g.skipped);
    const uint64_t withdrawn[] = {r.withdrawn_replaced, r.withdrawn_ttl};
    counter_family(out, "gossip_routes_withdrawn", "Peer routes withdrawn", "reason", kWithdrawals, withdrawn);
    const uint64_t refused[] = {r.refused_full, r.refused_busy};
    counter_family(out, "gossip_routes_refused", "Peer routes not installed", "reason", kRefusals, refused);
    write_totals(out, g, r, s);
    write_gauges(out, gauges);
}

}  // namespace pb::cp::gossip
