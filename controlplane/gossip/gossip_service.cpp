// controlplane/gossip/gossip_service.cpp — gossip rounds, Sync reception,
// route expiry and the peer set, on the control plane's event loop.
#include "controlplane/gossip/gossip_service.hpp"

#include <rte_random.h>

#include <chrono>

#include "common/log/log.hpp"
#include "controlplane/gossip/partition.hpp"
#include "controlplane/gossip/sync_codec.hpp"
#include "controlplane/gossip/udp_frame.hpp"
#include "controlplane/neighbours/mbuf_frames.hpp"

namespace pb::cp::gossip {

namespace {
constexpr auto kFirstRound = std::chrono::seconds(1);
constexpr auto kPaceInterval = std::chrono::milliseconds(5);
constexpr auto kExpiryInterval = std::chrono::seconds(1);
constexpr uint64_t kPacingShareOfPeriod = 80;  // percent

uint64_t now_ms() {
    return uint64_t(std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now().time_since_epoch())
                        .count());
}

std::vector<net::Endpoint> own_endpoints(const config::Config& cfg) {
    std::vector<net::Endpoint> self;
    for (const auto* family : {&cfg.port.ipv4, &cfg.port.ipv6})
        if (family->address) self.push_back({family->address->address, cfg.beacon.port});
    return self;
}
}  // namespace

GossipService::GossipService(ControlPlane& control, nbr::NeighbourService& neighbours)
    : control_(control),
      neighbours_(neighbours),
      beacon_(control.dataplane().beacon()),
      iface_(control.dataplane().iface()),
      beacon_id_(control.config().beacon.beacon_id),
      interval_s_(control.config().beacon.timers.gossip_interval_s),
      ttl_s_(control.config().beacon.timers.peer_route_ttl_s),
      strict_(control.config().beacon.strict_gossip),
      peers_(own_endpoints(control.config())),
      routes_(beacon_.peer_nodes, beacon_.nodes),
      sender_(control),
      round_timer_(control.io()),
      pace_timer_(control.io()),
      expiry_timer_(control.io()),
      generation_(uint32_t(rte_rand())),
      ipv4_id_(uint16_t(rte_rand())),
      payload_(wire::kMaxUdpPayload + kTrailerSize) {
    take_static_peers(control.config().beacon.peers);
    publish_peers();
    control.punts().on(dp::PuntReason::Sync, [this](const rte_mbuf* m) { handle_sync(m); });
    control.on_reload([this](const config::Config& cfg) { reload(cfg); });
    control.metrics().add([this](MetricsWriter& out) { collect(out); });
    neighbours.on_change([this](const net::IpAddress& a, const tables::Mac& mac) { neighbour_changed(a, mac); });
    round_timer_.expires_after(kFirstRound);
    round_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) start_round();
    });
    expiry_timer_.expires_after(kExpiryInterval);
    expiry_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) expire();
    });
    log::info("gossip", "started",
              {{"peers", peers_.configured().size()}, {"beacon_id", beacon_id_}, {"interval_s", interval_s_},
               {"route_ttl_s", ttl_s_}, {"strict", strict_}});
}

uint32_t GossipService::now_s() const { return control_.dataplane().clock().now().s; }

void GossipService::take_static_peers(const std::vector<std::string>& peers) {
    for (const std::string& name : peers_.set_static(peers))
        log::warn("gossip", "peer left out: only numeric HOST:PORT is supported for beacon.peers", {{"peer", name}});
}

void GossipService::set_dynamic_peers(std::vector<net::Endpoint> peers) {
    peers_.set_dynamic(std::move(peers));
    publish_peers();
}

void GossipService::reload(const config::Config& cfg) {
    take_static_peers(cfg.beacon.peers);
    strict_ = cfg.beacon.strict_gossip;
    publish_peers();
    log::info("gossip", "reloaded", {{"peers", peers_.configured().size()}, {"strict", strict_}});
}

void GossipService::publish_peers() {
    const std::vector<net::Endpoint> heard = routes_.senders();
    beacon_.peer_beacons.replace(peers_.with_heard(heard, tables::PeerSet::kMaxPeers));
}

// ---- receiving

void GossipService::handle_sync(const rte_mbuf* m) {
    const auto frame = parse_udp_frame(frames::frame_bytes(m, scratch_));
    if (!frame) {
        ++stats_.rejected[GossipStats::at(Rejection::BadFrame)];
        return;
    }
    const net::Endpoint& from = frame->source;
    if (strict_ && !peers_.configured_address(from.address)) {
        ++stats_.rejected[GossipStats::at(Rejection::StrictGossip)];
        return;
    }
    const ReceivedSync sync = read_sync(frame->payload);
    if (sync.kind == SyncKind::TooShort || sync.kind == SyncKind::CountMismatch) {
        ++stats_.rejected[GossipStats::at(sync.kind == SyncKind::TooShort ? Rejection::TooShort : Rejection::CountMismatch)];
        return;
    }
    // The resolved next hop (own MAC on-link, gateway's outside); until then the frame's source MAC.
    const tables::Mac mac = neighbours_.resolved_next_hop(from.address).value_or(frame->source_mac);
    const bool new_sender = !routes_.known(from);
    if (sync.kind == SyncKind::Hello) {
        ++stats_.received[GossipStats::at(Format::Hello)];
        routes_.hello(from, mac, now_s());
    } else {
        ++stats_.received[GossipStats::at(sync.kind == SyncKind::Plain ? Format::Go : Format::Extended)];
        routes_.apply(from, mac, sync, now_s());
    }
    if (new_sender && routes_.known(from)) {
        log::info("gossip", "peer beacon heard",
                  {{"peer", from.to_string()}, {"beacon_id", sync.beacon_id}, {"multipart", routes_.multipart(from)}});
        publish_peers();
    }
}

void GossipService::expire() {
    const std::vector<ExpiredSender> expired = routes_.expire(now_s(), ttl_s_);
    for (const ExpiredSender& gone : expired)
        log::info("gossip", "peer beacon silent: routes withdrawn",
                  {{"peer", gone.sender.to_string()}, {"routes", gone.routes}, {"ttl_s", ttl_s_}});
    if (!expired.empty()) publish_peers();
    expiry_timer_.expires_after(kExpiryInterval);
    expiry_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) expire();
    });
}

void GossipService::neighbour_changed(const net::IpAddress& address, const tables::Mac& mac) {
    for (const net::Endpoint& sender : routes_.senders()) {
        const nbr::Route route = nbr::route_to(sender.address, control_.config().port);
        if (route.neighbour == address &&
            (route.status == nbr::RouteStatus::OnLink || route.status == nbr::RouteStatus::Gateway))
            routes_.set_next_hop(sender, mac);
    }
}

// ---- sending

void GossipService::start_round() {
    round_timer_.expires_at(round_timer_.expiry() + std::chrono::seconds(interval_s_));
    round_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) start_round();
    });
    ++stats_.rounds;
    if (!jobs_.empty()) {
        ++stats_.rounds_overrun;
        jobs_.clear();
    }
    ++generation_;
    round_ids_.clear();
    beacon_.nodes.for_each_id([this](uint32_t id) { round_ids_.push_back(id); });
    compat_selected_ = false;
    size_t frames = 0;
    for (const net::Endpoint& peer : peers_.configured()) plan_peer(peer, frames);
    pacer_.start(now_ms(), interval_s_ * 10 * kPacingShareOfPeriod, frames);
    log::debug("gossip", "round", {{"ids", round_ids_.size()}, {"jobs", jobs_.size()}, {"frames", frames}});
    pace();
}

size_t GossipService::per_part(const net::Endpoint& to) const { return ids_per_part(iface_.mtu, to.address.family); }

// Queues what `peer` gets this round; false (counted) when its next hop is not usable.
bool GossipService::plan_peer(const net::Endpoint& peer, size_t& frames) {
    const nbr::NextHop hop = neighbours_.next_hop(peer.address);
    if (!hop.mac) {
        const Skip why = hop.route == nbr::RouteStatus::NoAddress ? Skip::NoAddress
                         : hop.route == nbr::RouteStatus::NoRoute ? Skip::NoRoute
                                                                  : Skip::Resolving;
        ++stats_.skipped[GossipStats::at(why)];
        return false;
    }
    if (routes_.multipart(peer)) {
        const uint32_t parts = part_count(round_ids_.size(), per_part(peer));
        jobs_.push_back({peer, *hop.mac, JobKind::Parts, 0, parts});
        frames += parts;
        return true;
    }
    if (!compat_selected_) {
        compat_ids_ = compat_.select(round_ids_, compat_id_limit(), [this](uint32_t id) {
            tables::NodeView node;
            return beacon_.nodes.lookup(id, node);
        });
        compat_selected_ = true;
    }
    const bool v6 = !peer.address.is_v4();
    const size_t compat_frames =
        sender_.frames_for(udp_frame_size(iface_, peer.address.family, sync_size(compat_ids_.size())), v6);
    // One of ours might not receive a fragmented datagram (a lost fragment, or
    // af_packet's frame limit): announce ourselves in a Hello that fits a frame.
    if (compat_frames > 1) {
        jobs_.push_back({peer, *hop.mac, JobKind::Hello, 0, 1});
        ++frames;
    }
    jobs_.push_back({peer, *hop.mac, JobKind::Compat, 0, 1});
    frames += compat_frames;
    return true;
}

// Writes the job's next datagram into frame_; returns the ids it carries,
// nullopt if it cannot be built.
std::optional<size_t> GossipService::build_next(const Job& job) {
    size_t length = 0;
    std::span<const uint32_t> ids;
    switch (job.kind) {
        case JobKind::Hello: length = write_hello(payload_, beacon_id_, generation_); break;
        case JobKind::Compat: {
            ids = compat_ids_;
            const uint8_t partial = compat_.partial() ? flags::kPartialSet : 0;
            length = write_sync(payload_, beacon_id_, ids, SyncTrailer{uint8_t(flags::kMultipart | partial), generation_, 0, 1});
            break;
        }
        case JobKind::Parts:
            ids = part_ids(round_ids_, per_part(job.to), job.next_part);
            length = write_sync(payload_, beacon_id_, ids, SyncTrailer{flags::kMultipart, generation_, job.next_part, job.parts});
            break;
    }
    if (length == 0 || !build_udp_frame(frame_, iface_, job.to, job.mac, {payload_.data(), length}, ipv4_id_++))
        return std::nullopt;
    return ids.size();
}

// Counts what went (`sent_ids`: the ids of a datagram on its way, nullopt
// when it failed) and moves the job on.
void GossipService::finish_step(Job& job, std::optional<size_t> sent_ids) {
    if (sent_ids) {
        stats_.ids_announced += *sent_ids;
        ++stats_.sent[GossipStats::at(job.kind == JobKind::Hello ? Format::Hello : job.kind == JobKind::Compat ? Format::Go : Format::Extended)];
    }
    if (job.kind != JobKind::Parts || ++job.next_part == job.parts) jobs_.pop_front();
}

void GossipService::pace() {
    size_t allowance = pacer_.allowance(now_ms());
    while (!jobs_.empty() && allowance > 0) {
        if (!sender_.has_room()) {
            ++stats_.deferred;
            break;
        }
        Job& job = jobs_.front();
        const std::optional<size_t> ids = build_next(job);
        const bool v6 = !job.to.address.is_v4();
        const size_t frames = ids ? sender_.frames_for(frame_.size(), v6) : 0;
        if (!ids) ++stats_.build_failed;
        finish_step(job, ids && sender_.send(frame_, v6) ? ids : std::nullopt);
        pacer_.sent(frames);
        allowance -= std::min(allowance, frames);
    }
    if (jobs_.empty()) return;
    pace_timer_.expires_after(kPaceInterval);
    pace_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) pace();
    });
}

void GossipService::collect(MetricsWriter& out) const {
    const GossipGauges gauges{double(peers_.configured().size()), double(routes_.sender_count()),
                              double(routes_.multipart_count()), double(beacon_.peer_nodes.size())};
    write_gossip_metrics(out, stats_, routes_.stats(), sender_.stats(), gauges);
}

}  // namespace pb::cp::gossip
