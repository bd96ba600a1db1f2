// controlplane/registry/key_lookup.cpp — cache, coalescing and the lookup
// exchange.
#include "controlplane/registry/key_lookup.hpp"

#include <boost/asio/post.hpp>

#include "controlplane/registry/session.hpp"

namespace pb::registry {

namespace {
LookupResult failed(Failure reason) { return {LookupStatus::Failed, {}, reason, false}; }

LookupResult result_of(const Outcome& outcome, const PublicKey& key) {
    if (outcome.ok()) return {LookupStatus::Found, key, Failure::None, false};
    if (outcome.failure == Failure::NotFound) return {LookupStatus::Unknown, {}, Failure::NotFound, false};
    return failed(outcome.failure);
}
}  // namespace

KeyLookup::KeyLookup(boost::asio::io_context& io, const SessionLimits& limits, const KeyCacheLimits& cache,
                     size_t max_in_flight, RegistryStats& stats)
    : io_(io), limits_(limits), cache_(cache), max_in_flight_(max_in_flight), stats_(stats) {}

KeyLookup::~KeyLookup() {
    for (auto& [node_id, asking] : waiting_) asking.session->close();
}

void KeyLookup::set_registry(const std::string& registry) {
    if (registry == registry_text_) return;
    registry_text_ = registry;
    registry_ = net::HostPort::parse(registry);
    cache_.clear();
    ++generation_;
}

void KeyLookup::lookup(uint32_t node_id, Callback callback) {
    boost::asio::post(io_, lifetime_.guard([this, node_id, callback = std::move(callback)]() mutable {
        begin(node_id, std::move(callback));
    }));
}

void KeyLookup::begin(uint32_t node_id, Callback callback) {
    if (auto cached = cache_.get(node_id, KeyCache::Clock::now())) {
        ++stats_.lookup_cached;
        return callback(*cached);
    }
    if (const auto joined = waiting_.find(node_id); joined != waiting_.end())
        return joined->second.callbacks.push_back(std::move(callback));
    const Failure refusal = !registry_                          ? Failure::Disabled
                            : waiting_.size() >= max_in_flight_ ? Failure::Busy
                                                                : Failure::None;
    if (refusal != Failure::None) {
        stats_.lookup_failed.add(refusal);
        return callback(failed(refusal));
    }
    waiting_[node_id].callbacks.push_back(std::move(callback));
    ask(node_id);
}

void KeyLookup::ask(uint32_t node_id) {
    const auto session = Session::create(io_, limits_);
    waiting_[node_id].session = session;
    const uint64_t generation = generation_;
    session->open(*registry_, lifetime_.guard([this, node_id, generation](const Outcome& opened) {
        if (!opened.ok()) return answer(node_id, opened, {}, generation);
        waiting_.at(node_id).session->request(
            lookup_request(node_id),
            lifetime_.guard([this, node_id, generation](const Outcome& got, const boost::json::value& reply) {
                if (!got.ok()) return answer(node_id, got, {}, generation);
                const auto parsed = parse_lookup_reply(reply, node_id);
                answer(node_id, parsed.outcome, parsed.value, generation);
            }));
    }));
}

void KeyLookup::answer(uint32_t node_id, const Outcome& outcome, const PublicKey& key, uint64_t generation) {
    const LookupResult result = result_of(outcome, key);
    if (result.status == LookupStatus::Found) ++stats_.lookup_ok;
    else stats_.lookup_failed.add(result.reason);
    // "Unknown node" is a sound answer; only a registry that cannot be asked
    // or answers nonsense changes the logged state.
    state_log_.note(outcome.failure == Failure::NotFound ? Outcome{} : outcome, registry_text_);
    if (generation == generation_) cache_.put(node_id, result, KeyCache::Clock::now());
    auto asked = waiting_.extract(node_id);
    if (asked.empty()) return;
    asked.mapped().session->close();
    for (const Callback& callback : asked.mapped().callbacks) callback(result);
}

}  // namespace pb::registry
