// controlplane/registry/registry_metrics.cpp — RegistryStats → samples.
#include "controlplane/registry/registry_metrics.hpp"

#include <initializer_list>
#include <string_view>

namespace pb::registry {

namespace {

void write_failure_counts(cp::MetricsWriter& out, std::string_view name, std::string_view help,
                          const FailureCounts& counts, std::initializer_list<Failure> reasons) {
    for (const Failure reason : reasons) out.counter(name, help, counts[reason], {{"reason", failure_name(reason)}});
}

using enum Failure;
constexpr std::initializer_list<Failure> kExchangeFailures = {Resolve,  Connect, Timeout,  Closed,  Oversized,
                                                              BadFrame, BadJson, BadReply, Rejected};

}  // namespace

void write_registry_metrics(const RegistryStats& stats, cp::MetricsWriter& out,
                            std::chrono::steady_clock::time_point now) {
    out.counter("registry_register_ok", "Registrations the registry accepted", stats.register_ok);
    write_failure_counts(out, "registry_register_failed", "Registrations that failed, by reason",
                         stats.register_failed, kExchangeFailures);
    out.counter("registry_list_ok", "Valid beacon lists received", stats.list_ok);
    write_failure_counts(out, "registry_list_failed", "Beacon lists not received or refused, by reason",
                         stats.list_failed, kExchangeFailures);
    out.counter("registry_lookup_ok", "Public keys the registry returned", stats.lookup_ok);
    out.counter("registry_lookup_cached", "Public-key lookups answered from the cache", stats.lookup_cached);
    write_failure_counts(out, "registry_lookup_failed", "Public-key lookups without a key, by reason",
                         stats.lookup_failed,
                         {NotFound, BadKey, Resolve, Connect, Timeout, Closed, Oversized, BadFrame, BadJson, BadReply,
                          Busy, Disabled});
    out.gauge("registry_peers", "Gossip peers from the last valid beacon list", double(stats.peers));
    const double age = stats.last_success ? std::chrono::duration<double>(now - *stats.last_success).count() : -1.0;
    out.gauge("registry_last_success_age_seconds",
              "Seconds since the last cycle that both registered and got the list; -1 = never", age);
}

}  // namespace pb::registry
