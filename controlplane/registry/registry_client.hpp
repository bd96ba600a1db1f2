// controlplane/registry/registry_client.hpp — the beacon's registry client
// (PROTOCOL.md §4, ARCHITECTURE.md §6). Every interval (30 s) while a
// registry is configured and beacon_id ≠ 0 it registers this beacon and
// fetches the beacon list; every other beacon with an address becomes a
// gossip peer, resolved to a UDP endpoint and handed to the on_peers
// observers. Failed cycles are retried with capped exponential back-off;
// until a valid list arrives the previous peers stay in effect. Also the
// public-key lookup for WSS auth and punch grant tokens.
//
// Single-threaded: everything runs on the io_context's thread (the control
// plane's); only lookup_public_key() may be called from other threads.
// Nothing blocks: names, connections and replies are all asynchronous with
// timers.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/net/ip_address.hpp"
#include "controlplane/registry/backoff.hpp"
#include "controlplane/registry/cycle.hpp"
#include "controlplane/registry/key_lookup.hpp"
#include "controlplane/registry/lifetime.hpp"
#include "controlplane/registry/peer_resolver.hpp"
#include "controlplane/registry/settings.hpp"
#include "controlplane/registry/state_log.hpp"
#include "controlplane/registry/stats.hpp"

namespace pb::registry {

// How one cycle went and when the next starts.
struct CycleReport {
    Outcome registration;
    Outcome list;
    std::chrono::milliseconds next_in{0};
};

class RegistryClient {
public:
    // The registry's peers (not the static beacon.peers: gossip merges those).
    using PeersObserver = std::function<void(const std::vector<net::Endpoint>&)>;
    using CycleObserver = std::function<void(const CycleReport&)>;
    using LookupCallback = KeyLookup::Callback;

    RegistryClient(boost::asio::io_context& io, RegistrySettings settings, RegistryTimings timings = {});
    RegistryClient(const RegistryClient&) = delete;
    RegistryClient& operator=(const RegistryClient&) = delete;

    // Called with the new list whenever a valid beacon list changes the
    // peers (the first valid list always counts as a change), and with an
    // empty list when registration is switched off by a reload.
    void on_peers(PeersObserver observer) { peer_observers_.push_back(std::move(observer)); }
    void on_cycle(CycleObserver observer) { cycle_observers_.push_back(std::move(observer)); }

    // The first cycle runs as soon as the io_context runs.
    void start();
    // Ends the cadence; a cycle under way is abandoned (its connection closed).
    void stop();
    // SIGHUP: registry, token, advertised address, id and interval take
    // effect at the next cycle; key lookups use the new registry at once.
    void reconfigure(RegistrySettings settings);

    // Ed25519 public key of node_id from the registry (cached).
    void lookup_public_key(uint32_t node_id, LookupCallback callback) { lookups_.lookup(node_id, std::move(callback)); }

    const std::vector<net::Endpoint>& peers() const { return peers_; }
    const RegistryStats& stats() const { return stats_; }
    const RegistrySettings& settings() const { return settings_; }

private:
    void schedule(std::chrono::milliseconds delay);
    void tick();
    void cycle_done(CycleResult result);
    void publish(std::vector<net::Endpoint> peers);
    void note_unresolved(const std::vector<UnresolvedPeer>& unresolved);
    void finish(const CycleResult& result);

    boost::asio::io_context& io_;
    RegistrySettings settings_;   // as configured now
    RegistrySettings cycle_;      // as the running cycle started
    std::unique_ptr<RegistryCycle> running_cycle_;  // the last one, kept until the next starts
    RegistryTimings timings_;
    boost::asio::steady_timer timer_;
    Backoff backoff_;
    RegistryStats stats_;
    KeyLookup lookups_;
    StateLog state_log_{"registration"};
    std::vector<net::Endpoint> peers_;
    bool published_ = false;            // peers_ came from a valid list and went to the observers
    std::set<std::string> unresolved_;  // names already reported
    std::chrono::steady_clock::time_point cycle_started_;
    bool running_ = false;
    std::vector<PeersObserver> peer_observers_;
    std::vector<CycleObserver> cycle_observers_;
    Lifetime lifetime_;  // last: destroyed first
};

}  // namespace pb::registry
