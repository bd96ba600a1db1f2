// controlplane/http/health_service.hpp — the operator HTTP endpoint on
// control.health: /healthz, /readyz, /metrics, /status, /status.json, with
// a one-second timer that samples the counters (rates for /status) and the
// workers' heartbeats (/readyz). Binds in the constructor: construct it
// before the port starts.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <optional>
#include <string_view>

#include "controlplane/http/counter_rates.hpp"
#include "controlplane/http/dataplane_view.hpp"
#include "controlplane/http/http_server.hpp"
#include "controlplane/http/readiness.hpp"
#include "controlplane/http/router.hpp"
#include "controlplane/http/status_report.hpp"
#include "controlplane/lifecycle.hpp"
#include "controlplane/metrics.hpp"

namespace pb::cp::http {

struct HealthOptions {
    ServerLimits limits;
    ReadinessProbe::Clock::duration stall_limit = ReadinessProbe::kDefaultStallLimit;
};

class HealthService {
public:
    // `bind` as control.health; "" serves nothing. Registers the HTTP
    // server's own counters with `metrics` (the registry must outlive scrapes,
    // and this service must outlive the io_context's run()).
    HealthService(boost::asio::io_context& io, std::string_view bind, const Lifecycle& lifecycle,
                  const DataplaneView& view, MetricsRegistry& metrics, HealthOptions options = {});

    // Where it listens (port 0 resolved); nullopt when off.
    std::optional<boost::asio::ip::tcp::endpoint> local_endpoint() const;

private:
    void add_routes();
    void tick();
    StatusReport status();
    void write_server_metrics(MetricsWriter& w) const;

    const Lifecycle& lifecycle_;
    const DataplaneView& view_;
    const MetricsRegistry& metrics_;
    ReadinessProbe readiness_;
    CounterRates rates_;
    Router router_;
    boost::asio::steady_timer timer_;
    std::unique_ptr<HttpServer> server_;
};

}  // namespace pb::cp::http
