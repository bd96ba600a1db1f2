// tests/wss/test_bridge.cpp — the bridge in-process with Beast clients playing
// daemons (PROTOCOL.md §5): routes and statuses, the upgrade, every auth
// failure class, relays between WSS peers, to UDP and from the workers,
// replacement by node id, max_peers, oversized frames, idle peers, slow
// readers, floods of unauthenticated connections, shutdown.
#include <boost/asio/ip/tcp.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>

#include <unistd.h>

#include "tests/wss/bridge_fixture.hpp"

namespace pb::test {
namespace {

using cp::wss::AuthFailure;
using cp::wss::Disconnect;
using cp::wss::Refusal;
using cp::wss::RelayIn;
using Kind = Received::Kind;
using namespace std::chrono_literals;

uint64_t refusals(const cp::wss::WssStats& s, Refusal r) { return s.refusals[size_t(r)]; }
uint64_t auth_failures(const cp::wss::WssStats& s, AuthFailure f) { return s.auth_failures[size_t(f)]; }
uint64_t disconnects(const cp::wss::WssStats& s, Disconnect d) { return s.disconnects[size_t(d)]; }

TEST_F(BridgeTest, HealthAndHttpStatuses) {
    start();
    EXPECT_EQ(http("GET /health HTTP/1.1\r\nHost: b\r\n\r\n").status, 200u);
    EXPECT_EQ(http("HEAD /health HTTP/1.1\r\nHost: b\r\n\r\n").status, 200u);
    EXPECT_EQ(http("POST /health HTTP/1.1\r\nHost: b\r\nContent-Length: 0\r\n\r\n").status, 405u);
    EXPECT_EQ(http("GET /v1/other HTTP/1.1\r\nHost: b\r\n\r\n").status, 404u);
    const HttpAnswer plain = http("GET /v1/compat HTTP/1.1\r\nHost: b\r\n\r\n");
    EXPECT_EQ(plain.status, 426u);
    EXPECT_NE(std::find(plain.headers.begin(), plain.headers.end(), std::pair<std::string, std::string>{"Upgrade", "websocket"}),
              plain.headers.end());
    EXPECT_EQ(http("GET /v1/compat HTTP/1.1\r\nHost: b\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                   "Sec-WebSocket-Version: 12\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                  .status,
              400u);
    EXPECT_EQ(http("NOT HTTP AT ALL\r\n\r\n").status, 400u);
    EXPECT_EQ(http("GET /health HTTP/1.1\r\nHost: b\r\nX: " + std::string(9000, 'x') + "\r\n\r\n").status, 431u);
    EXPECT_EQ(refusals(stats(), Refusal::NotFound), 1u);
    EXPECT_EQ(refusals(stats(), Refusal::Method), 1u);
    EXPECT_EQ(refusals(stats(), Refusal::NotUpgrade), 1u);
    EXPECT_EQ(refusals(stats(), Refusal::BadUpgrade), 1u);
    EXPECT_EQ(refusals(stats(), Refusal::BadRequest), 1u);
    EXPECT_EQ(refusals(stats(), Refusal::HeaderTooLarge), 1u);
    EXPECT_TRUE(eventually([&] { return stats().pending() == 0; }));
}

TEST_F(BridgeTest, UpgradeEchoesTheSubprotocolAndChecksOrigin) {
    start();
    auto offered = client();
    UpgradeResult up = offered->connect(kWait);
    EXPECT_TRUE(up.ok);
    EXPECT_EQ(up.subprotocol, "pilot.v1");
    ClientOptions none;
    none.subprotocol.reset();
    up = client(none)->connect(kWait);
    EXPECT_TRUE(up.ok) << "no subprotocol offered: upgraded without one";
    EXPECT_EQ(up.subprotocol, "");
    ClientOptions pilot_origin;
    pilot_origin.origin = "pilot://daemon-7001";
    EXPECT_TRUE(client(pilot_origin)->connect(kWait).ok);
    ClientOptions browser;
    browser.origin = "https://evil.example";
    up = client(browser)->connect(kWait);
    EXPECT_FALSE(up.ok);
    EXPECT_EQ(up.status, 403u);
    EXPECT_EQ(refusals(stats(), Refusal::Origin), 1u);
    EXPECT_EQ(stats().upgrades, 3u);
}

TEST_F(BridgeTest, AuthenticatedPeerIsInTheTier0TableUntilItLeaves) {
    start();
    auto c = client();
    ASSERT_TRUE(c->connect(kWait).ok);
    const int64_t before = std::time(nullptr);
    const AuthOutcome auth = c->authenticate(7001, AuthMode::Good, kWait);
    EXPECT_EQ(auth.result.text(), kAuthOk);
    EXPECT_EQ(auth.nonce.size(), 64u);
    EXPECT_NEAR(double(auth.ts), double(before), 2.0);
    EXPECT_EQ(auth.challenge, R"({"type":"auth_challenge","nonce":")" + auth.nonce + R"(","ts":)" +
                                  std::to_string(auth.ts) + "}");
    EXPECT_TRUE(in_tier0(7001));
    EXPECT_EQ(stats().auth_ok, 1u);
    EXPECT_EQ(stats().peers, 1u);
    c->close(kWait);
    EXPECT_TRUE(eventually([&] { return !in_tier0(7001); }));
    EXPECT_EQ(stats().peers, 0u);
    EXPECT_EQ(disconnects(stats(), Disconnect::Closed), 1u);
}

TEST_F(BridgeTest, EveryAuthFailureClosesWith1008) {
    start();
    const std::vector<std::pair<AuthMode, AuthFailure>> cases = {
        {AuthMode::BadSignature, AuthFailure::BadSignature}, {AuthMode::WrongNonce, AuthFailure::BadSignature},
        {AuthMode::BadBase64, AuthFailure::BadBase64},       {AuthMode::ZeroNodeId, AuthFailure::ZeroNodeId},
        {AuthMode::WrongType, AuthFailure::WrongType},       {AuthMode::BadJson, AuthFailure::BadJson},
        {AuthMode::Binary, AuthFailure::NotText}};
    std::map<AuthFailure, uint64_t> expected;
    for (const auto& [mode, failure] : cases) {
        auto c = client();
        ASSERT_TRUE(c->connect(kWait).ok);
        const AuthOutcome auth = c->authenticate(7002, mode, kWait);
        EXPECT_EQ(auth.result.kind, Kind::Closed) << cp::wss::auth_failure_name(failure);
        EXPECT_EQ(auth.result.close_code, 1008);
        EXPECT_EQ(auth.result.close_reason, "auth failed");
        EXPECT_EQ(auth_failures(stats(), failure), ++expected[failure]) << cp::wss::auth_failure_name(failure);
    }
    auto unknown = client();
    ASSERT_TRUE(unknown->connect(kWait).ok);
    EXPECT_EQ(unknown->authenticate(999, AuthMode::Good, kWait).result.close_code, 1008);
    EXPECT_EQ(auth_failures(stats(), AuthFailure::UnknownNode), 1u);
    EXPECT_EQ(stats().auth_ok, 0u);
    EXPECT_FALSE(in_tier0(7002));
    EXPECT_TRUE(eventually([&] { return stats().pending() == 0; }));
}

TEST_F(BridgeTest, NoReplyWithinTheAuthTimeout) {
    cp::wss::Settings s = test_settings();
    s.auth_timeout = 1s;
    start(s);
    auto c = client();
    ASSERT_TRUE(c->connect(kWait).ok);
    const auto t0 = std::chrono::steady_clock::now();
    const AuthOutcome auth = c->authenticate(7001, AuthMode::Silent, kWait);
    EXPECT_EQ(auth.result.close_code, 1008);
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 900ms);
    EXPECT_EQ(auth_failures(stats(), AuthFailure::Timeout), 1u);
}

TEST_F(BridgeTest, ChallengeOlderThan30sIsRefused) {
    start();
    int64_t calls = 0;
    bridge_->set_unix_clock([&calls] { return int64_t(1'700'000'000) + (calls++ == 0 ? 0 : 31); });
    auto c = client();
    ASSERT_TRUE(c->connect(kWait).ok);
    EXPECT_EQ(c->authenticate(7001, AuthMode::Good, kWait).result.close_code, 1008);
    EXPECT_EQ(auth_failures(stats(), AuthFailure::StaleChallenge), 1u);
}

TEST_F(BridgeTest, KeysFromTheRegistryWhenNotInTheFile) {
    std::vector<uint32_t> asked;
    start(test_settings(), [&](uint32_t id, cp::wss::KeyCallback done) {
        asked.push_back(id);
        cp::wss::KeyAnswer answer;
        answer.status = id == 555 ? cp::wss::KeyStatus::Failed : cp::wss::KeyStatus::Found;
        answer.key = test_identity(id).public_key;
        done(answer);
    });
    auto failed = client();
    ASSERT_TRUE(failed->connect(kWait).ok);
    EXPECT_EQ(failed->authenticate(555, AuthMode::Good, kWait).result.close_code, 1008);
    EXPECT_EQ(auth_failures(stats(), AuthFailure::LookupFailed), 1u);
    auto found = peer(556);
    EXPECT_TRUE(in_tier0(556));
    auto from_file = peer(7001);
    EXPECT_EQ(asked, (std::vector<uint32_t>{555, 556}));
}

TEST_F(BridgeTest, RelaysBetweenWssPeersToUdpAndFromWorkers) {
    start();
    auto a = peer(7001);
    auto b = peer(7002);
    ASSERT_TRUE(a->send_binary(relay_message(7001, 7002, {1, 2, 3}), kWait));
    Received got = b->recv(kWait);
    ASSERT_EQ(got.kind, Kind::Binary);
    EXPECT_EQ(got.data, deliver_message(7001, {1, 2, 3}));
    // To itself, and an empty payload.
    ASSERT_TRUE(a->send_binary(relay_message(7001, 7001, {}), kWait));
    EXPECT_EQ(a->recv(kWait).data, deliver_message(7001, {}));
    // Tier 1: a daemon registered over UDP.
    tables::DiscoverUpdate node;
    node.id = 8001;
    node.endpoint = endpoint("10.9.0.2", 40000, 9);
    node.now_s = 1;
    ASSERT_EQ(t_.nodes.upsert(node), tables::WriteResult::Inserted);
    ASSERT_TRUE(a->send_binary(relay_message(7001, 8001, {9}), kWait));
    ASSERT_TRUE(eventually([&] { return udp_->sent.size() == 1; }));
    EXPECT_EQ(udp_->sent[0].message, deliver_message(7001, {9}));
    EXPECT_EQ(udp_->sent[0].to, node.endpoint);
    // Tier 0 from a worker (a UDP daemon's or a peer beacon's relay).
    bridge_->deliver(7002, deliver_message(8001, {7, 7}));
    EXPECT_EQ(b->recv(kWait).data, deliver_message(8001, {7, 7}));
    bridge_->deliver(7999, deliver_message(8001, {}));
    EXPECT_EQ(stats().relay_out_not_found, 1u);
    // Text frames after auth are ignored.
    ASSERT_TRUE(a->send_text("hello", kWait));
    ASSERT_TRUE(a->send_binary(relay_message(7001, 7002, {4}), kWait));
    EXPECT_EQ(b->recv(kWait).data, deliver_message(7001, {4}));
    EXPECT_EQ(stats().ignored[size_t(cp::wss::Ignored::Text)], 1u);
    EXPECT_EQ(stats().frames_in, 4u);
    EXPECT_EQ(stats().frames_out, 4u);
    EXPECT_EQ(stats().relay_in[size_t(RelayIn::ForwardedWss)], 3u);
    EXPECT_EQ(stats().relay_in[size_t(RelayIn::ForwardedLocal)], 1u);
}

TEST_F(BridgeTest, OneRelayOneFrameAtTheLargestSize) {
    start();
    auto a = peer(7001);
    std::vector<uint8_t> payload(65536 - 9);
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = uint8_t(i * 7);
    ASSERT_TRUE(a->send_binary(relay_message(7001, 7001, payload), kWait));
    const Received got = a->recv(kWait);
    ASSERT_EQ(got.kind, Kind::Binary);
    EXPECT_EQ(got.data, deliver_message(7001, payload));
}

TEST_F(BridgeTest, NewConnectionReplacesTheOld) {
    start();
    auto first = peer(7001);
    auto second = peer(7001);
    const Received closed = first->recv(kWait);
    EXPECT_EQ(closed.kind, Kind::Closed);
    EXPECT_EQ(closed.close_code, 1000);
    EXPECT_EQ(closed.close_reason, "replaced");
    bridge_->deliver(7001, deliver_message(1, {5}));
    EXPECT_EQ(second->recv(kWait).data, deliver_message(1, {5}));
    EXPECT_TRUE(in_tier0(7001));
    EXPECT_TRUE(eventually([&] { return disconnects(stats(), Disconnect::Replaced) == 1; }));
    EXPECT_EQ(stats().peers, 1u);
    second->close(kWait);
    EXPECT_TRUE(eventually([&] { return !in_tier0(7001); }));
}

TEST_F(BridgeTest, MaxPeersAnswers503BeforeUpgrading) {
    cp::wss::Settings s = test_settings();
    s.max_peers = 1;
    start(s);
    auto a = peer(7001);
    auto refused = client();
    const UpgradeResult up = refused->connect(kWait);
    EXPECT_FALSE(up.ok);
    EXPECT_EQ(up.status, 503u);
    EXPECT_EQ(refusals(stats(), Refusal::Capacity), 1u);
    a->close(kWait);
    ASSERT_TRUE(eventually([&] { return stats().peers == 0; }));
    auto b = peer(7002);
    EXPECT_TRUE(in_tier0(7002));
}

TEST_F(BridgeTest, OversizedFrameDisconnects) {
    cp::wss::Settings s = test_settings();
    s.max_frame_bytes = 1024;
    start(s);
    auto a = peer(7001);
    ASSERT_TRUE(a->send_binary(std::vector<uint8_t>(1025, 5), kWait));
    const Received r = a->recv(kWait);
    EXPECT_EQ(r.kind, Kind::Closed);
    EXPECT_EQ(r.close_code, 1009);
    EXPECT_TRUE(eventually([&] { return disconnects(stats(), Disconnect::FrameTooLarge) == 1; }));
    EXPECT_FALSE(in_tier0(7001));
}

TEST_F(BridgeTest, SilentPeerIsDisconnectedAfterTheIdleTimeout) {
    cp::wss::Settings s = test_settings();
    s.idle_timeout = 1s;
    start(s);
    auto silent = peer(7001);
    auto answering = peer(7002);
    // 7002 keeps a read pending, so Beast answers the bridge's pings; 7001 reads nothing.
    EXPECT_EQ(answering->recv(2500ms).kind, Kind::Timeout);
    EXPECT_TRUE(eventually([&] { return disconnects(stats(), Disconnect::Idle) == 1; }));
    EXPECT_FALSE(in_tier0(7001));
    EXPECT_TRUE(in_tier0(7002));
    EXPECT_EQ(silent->recv(kWait).kind, Kind::Closed);
}

TEST_F(BridgeTest, SlowReaderQueueIsBoundedAndDropsAreCounted) {
    cp::wss::Settings s = test_settings();
    s.send_queue_frames = 16;
    start(s);
    ClientOptions small;
    small.receive_buffer = 4096;
    auto slow = peer(7001, small);
    constexpr int kFrames = 3000;
    const std::vector<uint8_t> payload(16000, 0x5a);
    for (int i = 0; i < kFrames; ++i) {
        bridge_->deliver(7001, deliver_message(uint32_t(i), payload));
        if (i % 50 == 0) run_for(1ms);
    }
    run_for(100ms);
    EXPECT_GT(stats().send_queue_drops, 0u);
    // Never more than the queue's bound is held: what was not written was dropped.
    EXPECT_GE(stats().frames_out + stats().send_queue_drops, uint64_t(kFrames - 16));
    EXPECT_EQ(stats().peers, 1u) << "a slow reader is not disconnected, only its excess dropped";
    uint64_t received = 0;
    while (slow->recv(500ms).kind == Kind::Binary) ++received;
    EXPECT_EQ(received + stats().send_queue_drops, uint64_t(kFrames));
}

TEST_F(BridgeTest, FloodOfUnauthenticatedConnectionsIsBounded) {
    cp::wss::Settings s = test_settings();
    s.max_pending = 8;
    s.header_timeout = 1s;
    s.auth_timeout = 1s;
    s.close_timeout = 1s;  // the silent clients never answer the close frame either
    start(s);
    std::vector<boost::asio::ip::tcp::socket> sockets;
    for (int i = 0; i < 20; ++i) {
        sockets.emplace_back(io_);
        sockets.back().connect({boost::asio::ip::address_v4::loopback(), port_});
    }
    run_for(300ms);
    EXPECT_EQ(stats().pending_http, 8u);
    EXPECT_EQ(stats().connections_refused, 12u);
    EXPECT_TRUE(eventually([&] { return stats().pending() == 0; }));
    EXPECT_EQ(refusals(stats(), Refusal::HeaderTimeout), 8u);
    // Upgraded but never answering: the auth timeout ends them.
    std::vector<std::unique_ptr<WsClient>> silent;
    for (int i = 0; i < 5; ++i) {
        silent.push_back(client());
        ASSERT_TRUE(silent.back()->connect(kWait).ok);
    }
    EXPECT_EQ(stats().pending_auth, 5u);
    EXPECT_TRUE(eventually([&] { return stats().pending() == 0; }));
    EXPECT_EQ(auth_failures(stats(), AuthFailure::Timeout), 5u);
}

TEST_F(BridgeTest, TlsWithACertificateMadeForTheTest) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("wss-tls-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
    const std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
                                "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " + key + " -out " +
                                cert + " 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << "openssl (Debian package openssl) is needed: " << command;
    cp::wss::Settings s = test_settings();
    s.tls_cert = cert;
    s.tls_key = key;
    start(s);
    ClientOptions tls;
    tls.tls = true;
    tls.ca_file = cert;
    auto a = peer(7001, tls);
    ASSERT_TRUE(a->send_binary(relay_message(7001, 7001, {4, 2}), kWait));
    EXPECT_EQ(a->recv(kWait).data, deliver_message(7001, {4, 2}));
    ClientOptions plain;
    EXPECT_FALSE(client(plain)->connect(kWait).ok) << "plain WebSocket on a TLS listener";
    EXPECT_TRUE(eventually([&] { return refusals(stats(), Refusal::Tls) == 1; }));
    s.tls_cert = (dir / "missing.pem").string();
    EXPECT_THROW(cp::wss::Bridge(io_, s, {t_.wss_peers, t_.nodes, t_.peer_nodes, t_.relay_budget, [] { return 0ull; }},
                                 std::make_unique<FakeUdpOut>(), {}, nullptr),
                 std::runtime_error);
    std::filesystem::remove_all(dir);
}

TEST_F(BridgeTest, ShutdownClosesPeersAndEmptiesTheTable) {
    start();
    auto a = peer(7001);
    auto b = peer(7002);
    bridge_.reset();
    EXPECT_EQ(t_.wss_peers.size(), 0u);
    EXPECT_EQ(a->recv(kWait).kind, Kind::Closed);
}

}  // namespace
}  // namespace pb::test
