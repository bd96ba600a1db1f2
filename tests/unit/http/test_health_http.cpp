// tests/unit/http/test_health_http.cpp — the health/metrics HTTP server in
// process on 127.0.0.1, port 0, over a fake dataplane, with real HTTP
// requests: /healthz and /readyz answers and their changes, /metrics,
// /status(.json), 404/405/HEAD, keep-alive, the connection limit, the
// header timeout of a slow client, the body limit.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include <optional>
#include <thread>

#include "controlplane/dataplane_metrics.hpp"
#include "controlplane/http/health_service.hpp"
#include "tests/unit/http/fake_dataplane_view.hpp"
#include "tests/unit/http/http_test_client.hpp"

namespace pb::cp::http {
namespace {

using namespace std::chrono_literals;
using test::http_get;
using test::HttpConnection;
using verb = beast_http::verb;

class HealthHttp : public ::testing::Test {
protected:
    void start(HealthOptions options = {}) {
        registry.add([this](MetricsWriter& w) { write_dataplane_metrics(w, view); });
        service.emplace(io, "127.0.0.1:0", lifecycle, view, registry, options);
        server = *service->local_endpoint();
        lifecycle.enter(Phase::Serving);
        thread = std::thread([this] { io.run(); });
    }
    void TearDown() override {
        io.stop();
        if (thread.joinable()) thread.join();
        service.reset();
    }
    // One request on a fresh connection, expected to answer `status`.
    test::HttpAnswer get(const std::string& path, unsigned status, verb method = verb::get) {
        const auto answer = http_get(server, path, method);
        EXPECT_TRUE(answer) << path << ": no answer";
        if (!answer) return {};
        EXPECT_EQ(answer->status, status) << path;
        return *answer;
    }
    // The value of one unlabelled /metrics series, or -1.
    double metric(const std::string& series) {
        const auto answer = http_get(server, "/metrics");
        if (!answer) return -1;
        const auto at = answer->body.find("\n" + series + " ");
        return at == std::string::npos ? -1 : std::stod(answer->body.substr(at + series.size() + 2));
    }

    boost::asio::io_context io;
    Lifecycle lifecycle;
    test::FakeDataplaneView view{{3, 5}};
    MetricsRegistry registry;
    std::optional<HealthService> service;
    boost::asio::ip::tcp::endpoint server;
    std::thread thread;
};

TEST_F(HealthHttp, HealthzOkThenUnhealthyWhileDraining) {
    start();
    const auto ok = get("/healthz", 200);
    EXPECT_EQ(ok.body, "ok");
    EXPECT_EQ(ok.content_type, "text/plain; charset=utf-8");
    lifecycle.enter(Phase::Draining);
    EXPECT_EQ(get("/healthz", 503).body, "unhealthy");
    lifecycle.enter(Phase::Stopping);
    EXPECT_EQ(get("/healthz", 503).body, "unhealthy");
}

TEST_F(HealthHttp, ReadyzFollowsHeartbeatsAndPhase) {
    start({{}, 300ms});
    EXPECT_EQ(get("/readyz", 503).body, "worker lcore 3 has not polled yet\n");
    view.beat();
    EXPECT_EQ(get("/readyz", 200).body, "ready\n");
    std::this_thread::sleep_for(500ms);
    const std::string stalled = get("/readyz", 503).body;
    EXPECT_EQ(stalled.rfind("worker lcore 3 has not polled for ", 0), 0u) << stalled;
    view.beat();
    get("/readyz", 200);
    lifecycle.enter(Phase::Draining);
    EXPECT_EQ(get("/readyz", 503).body, "draining\n");
}

TEST_F(HealthHttp, ReadyzWantsTheLinkUp) {
    view.port_figures.link_up = false;
    view.beat();
    start();
    EXPECT_EQ(get("/readyz", 503).body, "port link down\n");
}

TEST_F(HealthHttp, MetricsIsPrometheusText) {
    view.worker_counters[1].discover_received.add(11);
    start();
    const auto metrics = get("/metrics", 200);
    EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(metrics.body.find("\npilot_beacon_discover_received_total{lcore=\"5\"} 11\n"), std::string::npos);
    EXPECT_NE(metrics.body.find("# TYPE pilot_beacon_http_requests_total counter\n"), std::string::npos);
    EXPECT_EQ(metrics.body.find("lcore=\"all\""), std::string::npos);
}

TEST_F(HealthHttp, StatusTextAndJson) {
    view.worker_counters[0].udp_other_port.add(4);
    start();
    const std::string text = get("/status", 200).body;
    EXPECT_EQ(text.rfind("pilot-beacond ", 0), 0u) << text;
    EXPECT_NE(text.find("lcore 5"), std::string::npos) << text;
    EXPECT_NE(text.find("udp_dropped{reason=\"other_port\"}"), std::string::npos) << text;
    const auto json = get("/status.json", 200);
    EXPECT_EQ(json.content_type, "application/json");
    const boost::json::object status = boost::json::parse(json.body).as_object();
    EXPECT_EQ(status.at("phase").as_string(), "serving");
    EXPECT_EQ(status.at("workers").as_array().size(), 2u);
    EXPECT_EQ(status.at("nodes").at("local").at("size").as_int64(), 3);
    EXPECT_EQ(status.at("top_drops").at(0).at("total").as_int64(), 4);
}

TEST_F(HealthHttp, UnknownPathWrongMethodHeadAndQuery) {
    start();
    get("/nope", 404);
    EXPECT_EQ(get("/healthz", 405, verb::post).allow, "GET, HEAD");
    const auto head = get("/healthz", 200, verb::head);
    EXPECT_EQ(head.body, "");
    EXPECT_EQ(head.content_length, 2u);
    EXPECT_EQ(get("/healthz?verbose=1", 200).body, "ok");
}

TEST_F(HealthHttp, KeepAliveServesSeveralRequests) {
    start();
    HttpConnection connection(server);
    for (const char* path : {"/healthz", "/metrics", "/status", "/readyz"}) {
        const auto answer = connection.request(verb::get, path);
        ASSERT_TRUE(answer) << path;
        EXPECT_TRUE(answer->keep_alive) << path;
    }
    const auto last = connection.request(verb::get, "/healthz", false);
    ASSERT_TRUE(last);
    EXPECT_FALSE(last->keep_alive);
    EXPECT_TRUE(connection.closed_by_server(2000ms));
}

TEST_F(HealthHttp, ConnectionsBeyondTheLimitAreClosedAtOnce) {
    HealthOptions options;
    options.limits.max_connections = 2;
    start(options);
    std::optional<HttpConnection> first(server), second(server);
    ASSERT_TRUE(first->request(verb::get, "/healthz"));
    ASSERT_TRUE(second->request(verb::get, "/healthz"));
    HttpConnection third(server);
    EXPECT_TRUE(third.closed_by_server(1000ms));
    first.reset();  // one place free again
    double rejected = -1;
    for (int attempt = 0; attempt < 40 && rejected < 0; ++attempt) {
        std::this_thread::sleep_for(50ms);
        rejected = metric("pilot_beacon_http_connections_rejected_total");
    }
    EXPECT_GE(rejected, 1);
    EXPECT_TRUE(second->request(verb::get, "/healthz"));
}

TEST_F(HealthHttp, SlowClientIsClosedAfterTheHeaderTimeout) {
    HealthOptions options;
    options.limits.header_timeout = 200ms;
    start(options);
    HttpConnection slow(server);
    ASSERT_TRUE(slow.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n"));  // never finishes the header
    const auto begin = std::chrono::steady_clock::now();
    EXPECT_TRUE(slow.closed_by_server(3000ms));
    EXPECT_GE(std::chrono::steady_clock::now() - begin, 100ms);
    EXPECT_EQ(metric("pilot_beacon_http_request_timeouts_total"), 1);
}

TEST_F(HealthHttp, OversizedBodyIsRefused) {
    start();
    HttpConnection connection(server);
    ASSERT_TRUE(connection.send_raw("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"));
    const auto answer = connection.read_answer();
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 413u);
    EXPECT_FALSE(answer->keep_alive);
}

TEST(ListenEndpoint, Forms) {
    EXPECT_EQ(listen_endpoint("127.0.0.1:8080"),
              boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 8080));
    EXPECT_EQ(listen_endpoint("[::1]:0").address(), boost::asio::ip::make_address("::1"));
    const auto any = listen_endpoint(":9090");
    EXPECT_TRUE(any.address().is_v6() && any.address().is_unspecified());
    EXPECT_EQ(any.port(), 9090);
    for (const char* bad : {"8080", "host:80", "1.2.3.4:65536", "1.2.3.4:", "1.2.3.4:8x"})
        EXPECT_THROW(listen_endpoint(bad), std::invalid_argument) << bad;
}

TEST_F(HealthHttp, OffWhenNoAddress) {
    HealthService off(io, "", lifecycle, view, registry);
    EXPECT_FALSE(off.local_endpoint());
}

}  // namespace
}  // namespace pb::cp::http
