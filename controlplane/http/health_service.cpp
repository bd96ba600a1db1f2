// controlplane/http/health_service.cpp — the routes and the sampling timer.
#include "controlplane/http/health_service.hpp"

#include <sstream>

#include "common/log/log.hpp"
#include "controlplane/http/build_info.hpp"

namespace pb::cp::http {

namespace {
constexpr auto kSampleInterval = std::chrono::seconds(1);
}  // namespace

HealthService::HealthService(boost::asio::io_context& io, std::string_view bind, const Lifecycle& lifecycle,
                             const DataplaneView& view, MetricsRegistry& metrics, HealthOptions options)
    : lifecycle_(lifecycle),
      view_(view),
      metrics_(metrics),
      readiness_(lifecycle, view, options.stall_limit),
      rates_(view),
      timer_(io) {
    if (bind.empty()) return;
    add_routes();
    server_ = std::make_unique<HttpServer>(io, listen_endpoint(bind), router_, options.limits);
    metrics.add([this](MetricsWriter& w) { write_server_metrics(w); });
    rates_.sample(ReadinessProbe::Clock::now());
    tick();
    std::ostringstream where;
    where << server_->local_endpoint();
    log::info("health", "listening", {{"address", where.str()}, {"routes", "/healthz /readyz /metrics /status"}});
}

std::optional<boost::asio::ip::tcp::endpoint> HealthService::local_endpoint() const {
    if (!server_) return std::nullopt;
    return server_->local_endpoint();
}

void HealthService::add_routes() {
    router_.get("/healthz", [this] {
        // PROTOCOL.md §6: exactly the original's answers.
        return lifecycle_.healthy() ? Reply{200, "ok"} : Reply{503, "unhealthy"};
    });
    router_.get("/readyz", [this] {
        const Readiness r = readiness_.check(ReadinessProbe::Clock::now());
        return Reply{r.ready ? 200u : 503u, r.reason + "\n"};
    });
    router_.get("/metrics", [this] { return Reply{200, metrics_.collect().render(), kPrometheusText}; });
    router_.get("/status", [this] { return Reply{200, render_status_text(status())}; });
    router_.get("/status.json", [this] { return Reply{200, render_status_json(status()), kJson}; });
}

void HealthService::tick() {
    timer_.expires_after(kSampleInterval);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        const auto now = ReadinessProbe::Clock::now();
        rates_.sample(now);
        readiness_.observe(now);
        tick();
    });
}

StatusReport HealthService::status() {
    StatusHeader header{std::string(kVersion), std::string(phase_name(lifecycle_.phase())), uptime_seconds(),
                        readiness_.check(ReadinessProbe::Clock::now())};
    return make_status_report(std::move(header), view_, rates_);
}

void HealthService::write_server_metrics(MetricsWriter& w) const {
    const ServerStats& s = server_->stats();
    w.counter("http_connections", "HTTP connections accepted by the health/metrics server", s.accepted);
    w.counter("http_connections_rejected", "HTTP connections closed at once: the connection limit was reached",
              s.rejected_over_limit);
    w.counter("http_request_timeouts", "HTTP connections closed: no whole request within the header timeout",
              s.request_timeouts);
    w.counter("http_bad_requests", "HTTP requests refused as malformed or over the size limits", s.bad_requests);
    w.counter("http_requests", "HTTP requests answered", s.requests);
    w.gauge("http_connections_open", "HTTP connections open now", s.open);
}

}  // namespace pb::cp::http
