// controlplane/registry/key_lookup.hpp — public-key lookups in the registry
// (`{"type":"lookup","node_id":N}` → lookup_ok with a base64 Ed25519 key),
// for WSS auth and punch grant tokens. Each lookup that misses the cache
// opens its own short-lived connection with the registry session limits;
// concurrent lookups of one id share one connection, and at most
// `max_in_flight` ids are asked at once (more fail at once with
// Failure::Busy). Callbacks run on the io_context's thread, never inside
// lookup() itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "common/net/ip_address.hpp"
#include "controlplane/registry/key_cache.hpp"
#include "controlplane/registry/lifetime.hpp"
#include "controlplane/registry/lookup_result.hpp"
#include "controlplane/registry/session.hpp"
#include "controlplane/registry/session_limits.hpp"
#include "controlplane/registry/state_log.hpp"
#include "controlplane/registry/stats.hpp"

namespace pb::registry {

class KeyLookup {
public:
    using Callback = std::function<void(const LookupResult&)>;

    KeyLookup(boost::asio::io_context& io, const SessionLimits& limits, const KeyCacheLimits& cache,
              size_t max_in_flight, RegistryStats& stats);
    // Closes the connections of lookups still asking; their callbacks are not called.
    ~KeyLookup();
    KeyLookup(const KeyLookup&) = delete;
    KeyLookup& operator=(const KeyLookup&) = delete;

    // host:port, or "" for none (lookups then fail with Failure::Disabled).
    // Another registry empties the cache. On the io_context's thread.
    void set_registry(const std::string& registry);
    // From any thread.
    void lookup(uint32_t node_id, Callback callback);

private:
    void begin(uint32_t node_id, Callback callback);
    void ask(uint32_t node_id);
    void answer(uint32_t node_id, const Outcome& outcome, const PublicKey& key, uint64_t generation);

    boost::asio::io_context& io_;
    SessionLimits limits_;
    KeyCache cache_;
    size_t max_in_flight_;
    RegistryStats& stats_;
    std::string registry_text_;
    std::optional<net::HostPort> registry_;
    uint64_t generation_ = 0;  // bumped per registry change: older answers are not cached
    struct Asking {
        std::shared_ptr<Session> session;  // owned here: closed when answered or destroyed
        std::vector<Callback> callbacks;
    };
    std::unordered_map<uint32_t, Asking> waiting_;
    StateLog state_log_{"key lookup"};
    Lifetime lifetime_;  // last: destroyed first
};

}  // namespace pb::registry
