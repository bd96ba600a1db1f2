// controlplane/neighbours/neighbour_service.cpp — neighbour resolution on the
// control plane's event loop.
#include "controlplane/neighbours/neighbour_service.hpp"

#include <chrono>

#include "common/log/log.hpp"
#include "controlplane/neighbours/mbuf_frames.hpp"
#include "controlplane/neighbours/metric_family.hpp"
#include "controlplane/neighbours/neighbour_frames.hpp"

namespace pb::cp::nbr {

namespace {
constexpr auto kTickInterval = std::chrono::milliseconds(100);
}  // namespace

NeighbourService::NeighbourService(ControlPlane& control, NeighbourTimers timers)
    : control_(control),
      port_(control.config().port),
      table_(kCapacity, timers, [this](const Probe& probe) { send_probe(probe); }),
      timer_(control.io()) {
    table_.on_change([this](const net::IpAddress& address, const Mac& mac) {
        for (auto& listener : listeners_) listener(address, mac);
    });
    control.punts().on(dp::PuntReason::Neighbour, [this](const rte_mbuf* m) { handle_reply(m); });
    control.metrics().add([this](MetricsWriter& out) { collect(out); });
    schedule_tick();
}

uint64_t NeighbourService::now_ms() {
    return uint64_t(std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now().time_since_epoch())
                        .count());
}

NextHop NeighbourService::next_hop(const net::IpAddress& destination) {
    const Route route = route_to(destination, port_);
    NextHop hop{route.status, route.neighbour, std::nullopt};
    if (route.status == RouteStatus::OnLink || route.status == RouteStatus::Gateway)
        hop.mac = table_.resolve(route.neighbour, now_ms());
    return hop;
}

std::optional<Mac> NeighbourService::resolved_next_hop(const net::IpAddress& destination) const {
    const Route route = route_to(destination, port_);
    if (route.status != RouteStatus::OnLink && route.status != RouteStatus::Gateway) return std::nullopt;
    return table_.peek(route.neighbour);
}

void NeighbourService::send_probe(const Probe& probe) {
    RequestFrame frame;
    const dp::LocalInterface& iface = control_.dataplane().iface();
    const size_t length = probe.target.is_v4() ? build_arp_request(frame, iface, probe.target, probe.unicast_to)
                                               : build_neighbour_solicitation(frame, iface, probe.target, probe.unicast_to);
    rte_mbuf* m = length ? frames::frame_to_mbuf(control_.injector().pool(), {frame.data(), length}) : nullptr;
    if (m == nullptr || !control_.injector().transmit(m)) {
        ++request_failed_;
        return;
    }
    ++(probe.target.is_v4() ? requests_v4_ : requests_v6_);
    log::debug("neighbours", probe.target.is_v4() ? "ARP request" : "neighbour solicitation",
               {{"target", probe.target.to_string()}, {"unicast", probe.unicast_to.has_value()}});
}

void NeighbourService::handle_reply(const rte_mbuf* m) {
    const auto reply = parse_neighbour_reply(frames::frame_bytes(m, scratch_));
    if (!reply) {
        ++replies_malformed_;
        return;
    }
    const LearnOutcome outcome = table_.learn(reply->address, reply->mac, now_ms());
    if (outcome == LearnOutcome::Resolved || outcome == LearnOutcome::Changed)
        log::info("neighbours", outcome == LearnOutcome::Resolved ? "resolved" : "MAC changed",
                  {{"address", reply->address.to_string()}});
}

void NeighbourService::schedule_tick() {
    timer_.expires_after(kTickInterval);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        table_.tick(now_ms());
        schedule_tick();
    });
}

void NeighbourService::collect(MetricsWriter& out) const {
    const NeighbourStats& s = table_.stats();
    static constexpr std::string_view kStates[] = {"pending", "resolved", "failed"};
    const double entries[] = {double(table_.count(NeighbourState::Pending)), double(table_.count(NeighbourState::Resolved)),
                              double(table_.count(NeighbourState::Failed))};
    gauge_family(out, "neighbour_entries", "Neighbour-table entries (next hops of originated packets)", "state", kStates,
                 entries);
    static constexpr std::string_view kFamilies[] = {"ipv4", "ipv6"};
    const uint64_t requests[] = {requests_v4_, requests_v6_};
    counter_family(out, "neighbour_requests_sent", "ARP requests / Neighbour Solicitations sent", "family", kFamilies,
                   requests);
    out.counter("neighbour_request_failed", "Requests not sent (no mbuf or the channel was full)", request_failed_);
    static constexpr std::string_view kOutcomes[] = {"resolved", "changed", "failed"};
    const uint64_t outcomes[] = {s.resolved, s.changed, s.failed};
    counter_family(out, "neighbour_resolutions", "Neighbour resolution outcomes", "outcome", kOutcomes, outcomes);
    static constexpr std::string_view kIgnored[] = {"unsolicited", "malformed"};
    const uint64_t ignored[] = {s.unsolicited, replies_malformed_};
    counter_family(out, "neighbour_replies_ignored", "ARP replies / Neighbour Advertisements ignored", "reason",
                   kIgnored, ignored);
    out.counter("neighbour_evicted", "Neighbour entries pushed out of the full table", s.evicted);
}

}  // namespace pb::cp::nbr
