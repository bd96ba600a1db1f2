// tests/registry/test_client.cpp — the registry client against a healthy
// registry: the exact registration payload, peers learned (self and empty
// addresses skipped, names resolved), the 30 s-style cadence, reloads.
#include <algorithm>

#include "tests/registry/client_fixture.hpp"

namespace pb::registry::testing {
namespace {

TEST_F(ClientTest, RegistersWithTheExactPayloadThenAsksForTheList) {
    start(settings(server.address()));
    ASSERT_TRUE(run_cycles(1));
    ASSERT_EQ(server.requests().size(), 2u);
    EXPECT_EQ(server.requests()[0], json_object(R"({"type":"beacon_register","beacon_id":7,"addr":"10.77.0.1:9001"})"));
    EXPECT_EQ(server.requests()[1], json_object(R"({"type":"beacon_list"})"));
    EXPECT_TRUE(reports[0].registration.ok());
    EXPECT_TRUE(reports[0].list.ok());
    EXPECT_EQ(server.accepted(), 1u);  // both on one connection
}

TEST_F(ClientTest, SendsTheAdminTokenOnlyWhenConfigured) {
    start(settings(server.address(), "s3cret"));
    ASSERT_TRUE(run_cycles(1));
    EXPECT_EQ(server.requests().at(0),
              json_object(R"({"type":"beacon_register","beacon_id":7,"addr":"10.77.0.1:9001","admin_token":"s3cret"})"));
}

TEST_F(ClientTest, LearnsEveryOtherBeaconWithAnAddress) {
    server.set_beacons(json_array(R"([{"id":7,"addr":"10.77.0.1:9001"}, {"id":8,"addr":"10.0.0.8:9001"},
                                       {"id":9,"addr":""}, {"id":10,"addr":"[fd00::a]:9002"},
                                       {"id":11,"addr":"10.0.0.8:9001"}])"));
    start(settings(server.address()));
    ASSERT_TRUE(run_cycles(1));
    const std::vector<net::Endpoint> expected{endpoint("10.0.0.8:9001"), endpoint("[fd00::a]:9002")};
    ASSERT_EQ(updates.size(), 1u);
    EXPECT_EQ(updates[0], expected);
    EXPECT_EQ(client->peers(), expected);
    EXPECT_EQ(client->stats().peers, 2u);
}

TEST_F(ClientTest, ResolvesNamesAndSkipsThoseThatDoNotResolve) {
    server.set_beacons(json_array(R"([{"id":8,"addr":"localhost:9003"}, {"id":9,"addr":"no-such-beacon.invalid:9001"},
                                       {"id":10,"addr":"10.0.0.10:9001"}])"));
    start(settings(server.address()));
    ASSERT_TRUE(run_cycles(1));
    ASSERT_EQ(updates.size(), 1u);
    const auto& peers = updates[0];
    EXPECT_NE(std::find(peers.begin(), peers.end(), endpoint("10.0.0.10:9001")), peers.end());
    const auto loopback = std::find_if(peers.begin(), peers.end(), [](const net::Endpoint& e) { return e.port == 9003; });
    ASSERT_NE(loopback, peers.end());
    EXPECT_TRUE(loopback->address == endpoint("127.0.0.1:1").address || loopback->address == endpoint("[::1]:1").address);
    EXPECT_EQ(peers.size(), 2u);
}

TEST_F(ClientTest, KeepsTheIntervalWhileHealthyAndNotifiesOnlyChanges) {
    server.set_beacons(json_array(R"([{"id":8,"addr":"10.0.0.8:9001"}])"));
    start(settings(server.address()));
    ASSERT_TRUE(run_cycles(2));
    EXPECT_GT(reports[0].next_in, 100ms);  // the interval less the exchange, not a back-off
    EXPECT_LE(reports[0].next_in, 150ms);
    EXPECT_EQ(updates.size(), 1u);  // same list twice: one notification

    server.set_beacons(json_array(R"([{"id":8,"addr":"10.0.0.8:9001"}, {"id":9,"addr":"10.0.0.9:9001"}])"));
    ASSERT_TRUE(run_cycles(3));
    ASSERT_EQ(updates.size(), 2u);
    EXPECT_EQ(updates[1].size(), 2u);
    EXPECT_EQ(client->stats().register_ok, 3u);
    EXPECT_EQ(client->stats().list_ok, 3u);
    EXPECT_TRUE(client->stats().last_success.has_value());
}

TEST_F(ClientTest, ReloadedSettingsTakeEffectAtTheNextCycle) {
    start(settings(server.address()));
    ASSERT_TRUE(run_cycles(1));
    RegistrySettings reloaded = settings(server.address(), "t0ken");
    reloaded.addr = "198.51.100.7:9001";
    client->reconfigure(reloaded);
    ASSERT_TRUE(run_cycles(2));
    EXPECT_EQ(server.requests().at(2), json_object(R"({"type":"beacon_register","beacon_id":7,
                                                       "addr":"198.51.100.7:9001","admin_token":"t0ken"})"));
}

TEST_F(ClientTest, DoesNotRegisterAsAStandaloneBeacon) {
    RegistrySettings standalone = settings(server.address());
    standalone.beacon_id = 0;
    start(standalone);
    run_for(io, 400ms);
    EXPECT_EQ(server.accepted(), 0u);
    EXPECT_TRUE(reports.empty());
}

TEST_F(ClientTest, DropsTheRegistrysPeersWhenTheRegistryIsRemoved) {
    server.set_beacons(json_array(R"([{"id":8,"addr":"10.0.0.8:9001"}])"));
    start(settings(server.address()));
    ASSERT_TRUE(run_cycles(1));
    client->reconfigure(settings(""));
    ASSERT_TRUE(run_until(io, [&] { return updates.size() == 2; }));
    EXPECT_TRUE(updates[1].empty());
    EXPECT_TRUE(client->peers().empty());
}

TEST_F(ClientTest, DestroyedMidExchangeItCallsNothingAndClosesTheConnection) {
    server.set_mode(ReplyMode::Silent);
    start(settings(server.address()));
    bool answered = false;
    client->lookup_public_key(5001, [&](const LookupResult&) { answered = true; });
    ASSERT_TRUE(run_until(io, [&] { return server.requests().size() == 2; }));  // register + lookup, both unanswered
    client.reset();
    ASSERT_TRUE(run_until(io, [&] { return server.closed_by_client() == 2; }));
    run_for(io, 400ms);  // past the deadline
    EXPECT_TRUE(reports.empty());
    EXPECT_FALSE(answered);
}

}  // namespace
}  // namespace pb::registry::testing
