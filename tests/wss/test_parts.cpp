// tests/wss/test_parts.cpp — the bridge's pieces without sockets: the pubkeys
// file, the key directory's order, HTTP routing, the bounded send queue, the
// peer map and its tier-0 table, and the relay router (every tier, the
// per-node-id budget, the ignored message types).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "controlplane/wss/codec.hpp"
#include "controlplane/wss/keys.hpp"
#include "controlplane/wss/out_queue.hpp"
#include "controlplane/wss/peer_map.hpp"
#include "controlplane/wss/relay_router.hpp"
#include "controlplane/wss/route.hpp"
#include "tests/wss/fakes.hpp"
#include "tests/wss/test_keys.hpp"

namespace pb::cp::wss {
namespace {

namespace http = boost::beast::http;
using test::FakeLink;
using test::FakeUdpOut;
using test::relay_message;
using test::TestTables;

// ---- pubkeys file

TEST(WssPubkeys, ParsesTheMap) {
    const std::vector<uint32_t> ids = {7001, 4294967295u};
    const PubkeyMap keys = parse_pubkeys(test::pubkeys_yaml(ids), "keys.yaml");
    ASSERT_EQ(keys.size(), 2u);
    EXPECT_EQ(keys.at(7001), test::test_identity(7001).public_key);
    EXPECT_EQ(keys.at(4294967295u), test::test_identity(4294967295u).public_key);
    EXPECT_TRUE(parse_pubkeys("", "empty.yaml").empty());
    EXPECT_TRUE(parse_pubkeys("# nothing\n", "empty.yaml").empty());
    EXPECT_TRUE(load_pubkeys_file("").empty());
}

TEST(WssPubkeys, RejectsBadEntriesNamingThem) {
    const std::string key = encode_base64(test::test_identity(1).public_key);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"0: \"" + key + "\"", "'0' is not a node id"},
        {"-5: \"" + key + "\"", "'-5' is not a node id"},
        {"4294967296: \"" + key + "\"", "'4294967296' is not a node id"},
        {"abc: \"" + key + "\"", "'abc' is not a node id"},
        {"7: \"not base64\"", "node 7: the key is not base64 of 32 bytes"},
        {"7: \"" + encode_base64(std::vector<uint8_t>(31, 1)) + "\"", "node 7: the key is not base64 of 32 bytes"},
        {"7: [1, 2]", "node 7: the key is not base64"},
        {"- 7\n- 8\n", "expected a map"},
        {"7: {a: b", "not YAML"},
    };
    for (const auto& [yaml, message] : cases) {
        try {
            parse_pubkeys(yaml, "keys.yaml");
            ADD_FAILURE() << "accepted: " << yaml;
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("keys.yaml: "), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
        }
    }
    EXPECT_THROW(load_pubkeys_file("/nonexistent/keys.yaml"), std::runtime_error);
}

TEST(WssKeys, FileFirstThenRemoteAnswersLater) {
    boost::asio::io_context io;
    std::vector<uint32_t> asked;
    KeyDirectory keys(io, parse_pubkeys(test::pubkeys_yaml(std::vector<uint32_t>{7001}), "k"),
                      [&](uint32_t id, KeyCallback done) {
                          asked.push_back(id);
                          boost::asio::post(io, [done, id] { done({id == 9 ? KeyStatus::Failed : KeyStatus::Unknown, {}}); });
                      });
    std::vector<KeyAnswer> answers;
    for (uint32_t id : {7001u, 8u, 9u}) keys.lookup(id, [&](const KeyAnswer& a) { answers.push_back(a); });
    EXPECT_TRUE(answers.empty()) << "never answered inside lookup()";
    io.run();
    ASSERT_EQ(answers.size(), 3u);
    EXPECT_EQ(answers[0].status, KeyStatus::Found);
    EXPECT_EQ(answers[0].key, test::test_identity(7001).public_key);
    EXPECT_EQ(answers[1].status, KeyStatus::Unknown);
    EXPECT_EQ(answers[2].status, KeyStatus::Failed);
    EXPECT_EQ(asked, (std::vector<uint32_t>{8, 9})) << "the file's ids never reach the registry";

    KeyDirectory file_only(io, {}, nullptr);
    KeyAnswer answer{KeyStatus::Found, {}};
    file_only.lookup(7001, [&](const KeyAnswer& a) { answer = a; });
    io.restart();
    io.run();
    EXPECT_EQ(answer.status, KeyStatus::Unknown);
}

// ---- routing

Request upgrade_request(std::string target = "/v1/compat") {
    Request r(http::verb::get, target, 11);
    r.set(http::field::host, "beacon");
    r.set(http::field::connection, "Upgrade");
    r.set(http::field::upgrade, "websocket");
    r.set(http::field::sec_websocket_version, "13");
    r.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
    return r;
}

TEST(WssRoute, UpgradeAndSubprotocol) {
    Request r = upgrade_request();
    RouteDecision d = route_request(r, "/v1/compat", false);
    EXPECT_EQ(d.kind, RouteDecision::Kind::Upgrade);
    EXPECT_FALSE(d.echo_subprotocol) << "none offered: upgrade without one";
    r.set(http::field::sec_websocket_protocol, "other, pilot.v1");
    EXPECT_TRUE(route_request(r, "/v1/compat", false).echo_subprotocol);
    r.set(http::field::origin, "pilot://daemon");
    EXPECT_EQ(route_request(r, "/v1/compat", false).kind, RouteDecision::Kind::Upgrade);
    r.set(http::field::connection, "keep-alive, Upgrade");
    r.target("/v1/compat?x=1");
    EXPECT_EQ(route_request(r, "/v1/compat", false).kind, RouteDecision::Kind::Upgrade);
}

TEST(WssRoute, Refusals) {
    auto status_of = [](const Request& r, bool full = false) { return route_request(r, "/v1/compat", full).status; };
    EXPECT_EQ(status_of(upgrade_request(), true), http::status::service_unavailable);
    EXPECT_EQ(status_of(upgrade_request("/v1/other")), http::status::not_found);
    Request plain(http::verb::get, "/v1/compat", 11);
    EXPECT_EQ(status_of(plain), http::status::upgrade_required);
    Request post = upgrade_request();
    post.method(http::verb::post);
    EXPECT_EQ(status_of(post), http::status::method_not_allowed);
    Request old = upgrade_request();
    old.version(10);
    EXPECT_EQ(status_of(old), http::status::bad_request);
    Request version = upgrade_request();
    version.set(http::field::sec_websocket_version, "8");
    EXPECT_EQ(status_of(version), http::status::bad_request);
    Request key = upgrade_request();
    key.set(http::field::sec_websocket_key, "short");
    EXPECT_EQ(status_of(key), http::status::bad_request);
    for (const char* origin : {"https://evil.example", "pilot://", "null", "pilotx://a"}) {
        Request o = upgrade_request();
        o.set(http::field::origin, origin);
        EXPECT_EQ(status_of(o), http::status::forbidden) << origin;
    }
    Request o = upgrade_request();
    o.set(http::field::origin, "PILOT://Daemon");
    EXPECT_EQ(route_request(o, "/v1/compat", false).kind, RouteDecision::Kind::Upgrade);
}

TEST(WssRoute, Health) {
    EXPECT_EQ(route_request(Request(http::verb::get, "/health", 11), "/v1/compat", true).kind,
              RouteDecision::Kind::Health) << "health answers even at capacity";
    EXPECT_EQ(route_request(Request(http::verb::head, "/health", 10), "/v1/compat", false).kind,
              RouteDecision::Kind::Health);
    EXPECT_EQ(route_request(Request(http::verb::delete_, "/health", 11), "/v1/compat", false).status,
              http::status::method_not_allowed);
    EXPECT_EQ(route_request(Request(http::verb::get, "/", 11), "/v1/compat", false).status, http::status::not_found);
}

// ---- send queue

TEST(WssOutQueue, BoundedByFramesAndBytes) {
    OutQueue q(3, 100);
    q.push_text("challenge");
    EXPECT_TRUE(q.push_binary(std::vector<uint8_t>(10)));
    EXPECT_TRUE(q.push_binary(std::vector<uint8_t>(10)));
    EXPECT_FALSE(q.push_binary(std::vector<uint8_t>(10))) << "three frames";
    q.pop_front();
    EXPECT_FALSE(q.push_binary(std::vector<uint8_t>(81))) << "over 100 bytes";
    EXPECT_TRUE(q.push_binary(std::vector<uint8_t>(80)));
    EXPECT_EQ(q.clear(true), 2u) << "the front (being written) stays";
    EXPECT_EQ(q.size(), 1u);
    EXPECT_EQ(q.clear(false), 1u);
    EXPECT_TRUE(q.empty());
}

// ---- peer map

TEST(WssPeerMap, OneConnectionPerIdMirroredInTheTable) {
    TestTables t;
    PeerMap peers(t.wss_peers, [] { return 100u; });
    auto first = std::make_shared<FakeLink>();
    auto second = std::make_shared<FakeLink>();
    ASSERT_TRUE(peers.add(7001, first, test::endpoint("127.0.0.1", 5000)));
    tables::NodeView view;
    ASSERT_TRUE(t.wss_peers.lookup(7001, view));
    EXPECT_EQ(view.last_seen_s, 100u);
    ASSERT_TRUE(peers.add(7001, second, test::endpoint("127.0.0.1", 5001)));
    EXPECT_EQ(first->replaced, 1);
    EXPECT_EQ(peers.find(7001), second.get());
    peers.remove(7001, first.get());  // the replaced one ending must not remove the id
    EXPECT_TRUE(t.wss_peers.lookup(7001, view));
    EXPECT_EQ(peers.size(), 1u);
    peers.remove(7001, second.get());
    EXPECT_FALSE(t.wss_peers.lookup(7001, view));
    EXPECT_EQ(peers.find(7001), nullptr);
    ASSERT_TRUE(peers.add(8, first, test::endpoint("::1", 1)));
    peers.clear();
    EXPECT_EQ(t.wss_peers.size(), 0u);
}

TEST(WssPeerMap, FullTableRefuses) {
    tables::NodeTable small(1);
    PeerMap peers(small, [] { return 1u; });
    EXPECT_TRUE(peers.add(1, std::make_shared<FakeLink>(), {}));
    EXPECT_FALSE(peers.add(2, std::make_shared<FakeLink>(), {}));
    EXPECT_EQ(peers.size(), 1u);
}

// ---- relay router

struct RouterTest : ::testing::Test {
    explicit RouterTest(uint32_t budget = 4000) : t(budget) {}
    void register_node(tables::NodeTable& table, uint32_t id, const tables::NodeEndpoint& at, bool ex = false) {
        tables::DiscoverUpdate u;
        u.id = id;
        u.endpoint = at;
        u.now_s = 1;
        u.wants_dest = ex;
        ASSERT_EQ(table.upsert(u), tables::WriteResult::Inserted);
    }
    uint64_t outcome(RelayIn o) const { return stats.relay_in[size_t(o)]; }

    TestTables t;
    WssStats stats;
    FakeUdpOut udp;
    PeerMap peers{t.wss_peers, [] { return 1u; }};
    uint32_t max_payload = 65535;
    RelayRouter router{{t.nodes, t.peer_nodes, t.relay_budget, [this] { return t.now_ns; }}, peers, udp, stats,
                       max_payload};
};

TEST_F(RouterTest, Tier0ToAnotherWssPeer) {
    auto b = std::make_shared<FakeLink>();
    peers.add(2, b, {});
    router.from_peer(1, relay_message(1, 2, {0xaa, 0xbb}));
    ASSERT_EQ(b->frames.size(), 1u);
    EXPECT_EQ(b->frames[0], (std::vector<uint8_t>{0x06, 0, 0, 0, 1, 0xaa, 0xbb}));
    EXPECT_EQ(outcome(RelayIn::ForwardedWss), 1u);
    b->answer = Queued::Full;
    router.from_peer(1, relay_message(1, 2, {}));
    EXPECT_EQ(outcome(RelayIn::QueueFull), 1u);
    b->answer = Queued::Gone;
    router.from_peer(1, relay_message(1, 2, {}));
    EXPECT_EQ(outcome(RelayIn::NotFound), 1u);
}

TEST_F(RouterTest, Tier0PreferredOverLocalAndPeer) {
    auto b = std::make_shared<FakeLink>();
    peers.add(2, b, {});
    register_node(t.nodes, 2, test::endpoint("10.0.0.2", 4000));
    register_node(t.peer_nodes, 2, test::endpoint("10.0.0.9", 9001));
    router.from_peer(1, relay_message(1, 2, {1}));
    EXPECT_EQ(b->frames.size(), 1u);
    EXPECT_TRUE(udp.sent.empty());
}

TEST_F(RouterTest, Tier1DeliverAndDeliverDest) {
    register_node(t.nodes, 2, test::endpoint("10.0.0.2", 4000, 7));
    register_node(t.nodes, 3, test::endpoint("fd00::3", 4003, 8), true);
    router.from_peer(1, relay_message(1, 2, {0xcc}));
    router.from_peer(1, relay_message(1, 3, {0xdd}));
    ASSERT_EQ(udp.sent.size(), 2u);
    EXPECT_EQ(udp.sent[0].to, test::endpoint("10.0.0.2", 4000, 7)) << "endpoint and next-hop MAC of the node";
    EXPECT_EQ(udp.sent[0].message, (std::vector<uint8_t>{0x06, 0, 0, 0, 1, 0xcc}));
    EXPECT_EQ(udp.sent[1].message, (std::vector<uint8_t>{0x09, 0, 0, 0, 1, 0, 0, 0, 3, 0xdd}));
    EXPECT_EQ(outcome(RelayIn::ForwardedLocal), 2u);
}

TEST_F(RouterTest, Tier2ForwardsTheRelayUnchanged) {
    register_node(t.peer_nodes, 4, test::endpoint("10.0.0.9", 9001));
    const auto message = relay_message(1, 4, {1, 2, 3});
    router.from_peer(1, message);
    ASSERT_EQ(udp.sent.size(), 1u);
    EXPECT_EQ(udp.sent[0].message, message);
    EXPECT_EQ(udp.sent[0].to.port, 9001);
    EXPECT_EQ(outcome(RelayIn::ForwardedPeer), 1u);
}

TEST_F(RouterTest, NotFoundMalformedTooLargeAndSendFailures) {
    router.from_peer(1, relay_message(1, 99, {}));
    EXPECT_EQ(outcome(RelayIn::NotFound), 1u);
    router.from_peer(1, std::vector<uint8_t>{0x05, 0, 0, 0, 1, 0, 0, 0});
    EXPECT_EQ(outcome(RelayIn::Malformed), 1u);
    register_node(t.nodes, 2, test::endpoint("10.0.0.2", 4000));
    max_payload = 4;
    router.from_peer(1, relay_message(1, 2, {1, 2, 3, 4, 5}));
    EXPECT_EQ(outcome(RelayIn::TooLarge), 1u);
    router.from_peer(1, relay_message(1, 2, {1, 2, 3, 4}));
    EXPECT_EQ(outcome(RelayIn::ForwardedLocal), 1u);
    for (auto [result, expected] : {std::pair{UdpResult::NoMbuf, RelayIn::NoMbuf},
                                    std::pair{UdpResult::ChannelFull, RelayIn::ChannelFull},
                                    std::pair{UdpResult::Unroutable, RelayIn::Unroutable}}) {
        udp.result = result;
        router.from_peer(1, relay_message(1, 2, {}));
        EXPECT_EQ(outcome(expected), 1u) << relay_in_name(expected);
    }
}

TEST_F(RouterTest, OtherMessagesAreCountedAndIgnored) {
    register_node(t.nodes, 2, test::endpoint("10.0.0.2", 4000));
    router.from_peer(1, {});
    router.from_peer(1, std::vector<uint8_t>{0x01, 0, 0, 0, 1});
    router.from_peer(1, std::vector<uint8_t>{0x08, 0, 0, 0, 1});
    router.from_peer(1, std::vector<uint8_t>{0x03, 0, 0, 0, 1, 0, 0, 0, 2});
    router.from_peer(1, std::vector<uint8_t>{0x07, 0, 0, 0, 1, 0, 0});
    router.from_peer(1, std::vector<uint8_t>{0x06, 0, 0, 0, 1});
    router.from_peer(1, std::vector<uint8_t>{0x50, 0x49, 0x4c, 0x54});
    EXPECT_EQ(stats.ignored[size_t(Ignored::Empty)], 1u);
    EXPECT_EQ(stats.ignored[size_t(Ignored::Discover)], 2u);
    EXPECT_EQ(stats.ignored[size_t(Ignored::Punch)], 1u);
    EXPECT_EQ(stats.ignored[size_t(Ignored::Sync)], 1u);
    EXPECT_EQ(stats.ignored[size_t(Ignored::Other)], 2u);
    EXPECT_TRUE(udp.sent.empty());
    tables::NodeView view;
    EXPECT_FALSE(t.nodes.lookup(1, view)) << "a WSS peer's Discover registers no UDP endpoint";
}

TEST_F(RouterTest, ToPeerCountsVanishedPeersAsNotFound) {
    router.to_peer(5, relay_deliver_frame(1, std::vector<uint8_t>{1}));
    EXPECT_EQ(stats.relay_out_not_found, 1u);
    auto link = std::make_shared<FakeLink>();
    peers.add(5, link, {});
    router.to_peer(5, relay_deliver_frame(1, std::vector<uint8_t>{1}));
    ASSERT_EQ(link->frames.size(), 1u);
    EXPECT_EQ(link->frames[0], (std::vector<uint8_t>{0x06, 0, 0, 0, 1, 1}));
    link->answer = Queued::Gone;
    router.to_peer(5, {});
    EXPECT_EQ(stats.relay_out_not_found, 2u);
}

struct BudgetTest : RouterTest {
    BudgetTest() : RouterTest(3) {}
};

TEST_F(BudgetTest, BudgetIsPerAuthenticatedNodeIdWhateverTheClaimedSender) {
    register_node(t.nodes, 2, test::endpoint("10.0.0.2", 4000));
    for (uint32_t claimed : {1u, 50u, 60u, 70u}) router.from_peer(1, relay_message(claimed, 2, {}));
    EXPECT_EQ(outcome(RelayIn::ForwardedLocal), 3u);
    EXPECT_EQ(outcome(RelayIn::OverBudget), 1u);
    router.from_peer(9, relay_message(1, 2, {}));  // another WSS peer has its own budget
    EXPECT_EQ(outcome(RelayIn::ForwardedLocal), 4u);
    EXPECT_EQ(t.relay_budget.admit(tables::SourceKey::from_node_id(1), t.now_ns), tables::Admission::Limited)
        << "the window is the shared limiter's, keyed by node id";
    t.now_ns += TestTables::kSecondNs;
    router.from_peer(1, relay_message(1, 2, {}));
    EXPECT_EQ(outcome(RelayIn::ForwardedLocal), 5u) << "a new window";
}

}  // namespace
}  // namespace pb::cp::wss
