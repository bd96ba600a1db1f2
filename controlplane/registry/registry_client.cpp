// controlplane/registry/registry_client.cpp — the registration cadence,
// back-off, peer publication and the client's state logging.
#include "controlplane/registry/registry_client.hpp"

#include <algorithm>

#include "common/log/log.hpp"

namespace pb::registry {

namespace {

using std::chrono::milliseconds;

const Outcome& first_failure(const CycleResult& result) {
    return result.registration.ok() ? result.list : result.registration;
}

void count(const Outcome& outcome, uint64_t& ok, FailureCounts& failed) {
    if (outcome.ok()) ++ok;
    else failed.add(outcome.failure);
}

std::string joined(const std::vector<net::Endpoint>& peers) {
    std::string text;
    for (const auto& peer : peers) text += (text.empty() ? "" : ",") + peer.to_string();
    return text;
}

}  // namespace

RegistryClient::RegistryClient(boost::asio::io_context& io, RegistrySettings settings, RegistryTimings timings)
    : io_(io),
      settings_(std::move(settings)),
      timings_(timings),
      timer_(io),
      backoff_(timings.backoff_initial, timings.backoff_cap, timings.backoff_jitter),
      lookups_(io, timings.session, timings.key_cache, timings.max_lookups_in_flight, stats_) {
    lookups_.set_registry(settings_.registry);
}

void RegistryClient::start() {
    if (running_) return;
    running_ = true;
    if (settings_.registers())
        log::info("registry", "registering", {{"registry", settings_.registry}, {"addr", settings_.addr},
                                              {"beacon_id", settings_.beacon_id}});
    schedule(milliseconds(0));
}

void RegistryClient::stop() {
    running_ = false;
    timer_.cancel();
    running_cycle_.reset();
}

void RegistryClient::reconfigure(RegistrySettings settings) {
    if (settings == settings_) return;
    log::info("registry", "new settings take effect at the next cycle",
              {{"registry", settings.registry}, {"addr", settings.addr}, {"beacon_id", settings.beacon_id}});
    settings_ = std::move(settings);
    lookups_.set_registry(settings_.registry);
}

void RegistryClient::schedule(milliseconds delay) {
    if (!running_) return;
    timer_.expires_after(delay);
    timer_.async_wait(lifetime_.guard([this](const boost::system::error_code& ec) {
        if (!ec && running_) tick();
    }));
}

void RegistryClient::tick() {
    cycle_ = settings_;
    if (!cycle_.registers()) {
        if (published_) {
            log::info("registry", "registration off: dropping the registry's peers");
            publish({});
            published_ = false;
        }
        return schedule(cycle_.interval);
    }
    cycle_started_ = std::chrono::steady_clock::now();
    const auto registry = net::HostPort::parse(cycle_.registry);
    if (!registry) return cycle_done({Outcome::fail(Failure::Resolve, "not host:port"), Outcome::fail(Failure::Resolve), {}});
    running_cycle_ = std::make_unique<RegistryCycle>(
        io_, CycleRequest{*registry, cycle_.beacon_id, cycle_.addr, cycle_.admin_token}, timings_.session,
        lifetime_.guard([this](CycleResult result) { cycle_done(std::move(result)); }));
    running_cycle_->start();
}

void RegistryClient::cycle_done(CycleResult result) {
    count(result.registration, stats_.register_ok, stats_.register_failed);
    count(result.list, stats_.list_ok, stats_.list_failed);
    if (!result.list.ok()) return finish(result);
    std::vector<net::HostPort> others;
    for (const BeaconEntry& entry : result.beacons)
        if (entry.id != cycle_.beacon_id && !entry.addr.empty()) others.push_back(*net::HostPort::parse(entry.addr));
    resolve_peers(io_, std::move(others), timings_.session.deadline,
                  lifetime_.guard([this, result = std::move(result)](ResolvedPeers resolved) {
                      note_unresolved(resolved.unresolved);
                      publish(std::move(resolved.endpoints));
                      finish(result);
                  }));
}

void RegistryClient::publish(std::vector<net::Endpoint> peers) {
    stats_.peers = peers.size();
    if (published_ && peers == peers_) return;
    published_ = true;
    peers_ = std::move(peers);
    log::info("registry", "gossip peers from the registry", {{"peers", peers_.size()}, {"list", joined(peers_)}});
    for (const auto& observer : peer_observers_) observer(peers_);
}

// An unresolvable name is reported once, and again only after it resolved.
void RegistryClient::note_unresolved(const std::vector<UnresolvedPeer>& unresolved) {
    std::set<std::string> now;
    for (const auto& [peer, reason] : unresolved) {
        if (!unresolved_.contains(peer))
            log::warn("registry", "peer address does not resolve; skipped", {{"peer", peer}, {"reason", reason}});
        now.insert(peer);
    }
    unresolved_ = std::move(now);
}

void RegistryClient::finish(const CycleResult& result) {
    const bool healthy = result.registration.ok() && result.list.ok();
    state_log_.note(healthy ? Outcome{} : first_failure(result), cycle_.registry);
    const auto now = std::chrono::steady_clock::now();
    milliseconds next{0};
    if (healthy) {
        backoff_.reset();
        stats_.last_success = now;
        next = std::max(milliseconds(0), cycle_.interval - std::chrono::duration_cast<milliseconds>(now - cycle_started_));
    } else {
        next = backoff_.next();
    }
    log::debug("registry", "next cycle", {{"in_ms", next.count()}, {"consecutive_failures", backoff_.failures()}});
    const CycleReport report{result.registration, result.list, next};
    for (const auto& observer : cycle_observers_) observer(report);
    schedule(next);
}

}  // namespace pb::registry
