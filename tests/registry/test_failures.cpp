// tests/registry/test_failures.cpp — a down, slow or lying registry: every
// failure is counted by reason, retried with capped exponential back-off,
// and the peers learned before stay in effect until a valid list arrives.
#include "tests/registry/client_fixture.hpp"

namespace pb::registry::testing {
namespace {

using std::chrono::milliseconds;

class FailureTest : public ClientTest {
protected:
    // A healthy first cycle that teaches one peer.
    void learn_one_peer() {
        server.set_beacons(json_array(R"([{"id":8,"addr":"10.0.0.8:9001"}])"));
        start(settings(server.address()));
        ASSERT_TRUE(run_cycles(1));
        ASSERT_EQ(updates.size(), 1u);
    }

    void expect_peer_kept() const {
        EXPECT_EQ(updates.size(), 1u);
        EXPECT_EQ(client->peers(), std::vector<net::Endpoint>{endpoint("10.0.0.8:9001")});
        EXPECT_EQ(client->stats().peers, 1u);
    }
};

TEST_F(FailureTest, DownRegistryBacksOffExponentiallyUpToTheCap) {
    ClosedPort down(io);
    start(settings(down.address()));
    ASSERT_TRUE(run_cycles(5));
    const std::vector<milliseconds> expected{20ms, 40ms, 80ms, 80ms, 80ms};
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(reports[i].next_in, expected[i]) << "cycle " << i;
        EXPECT_EQ(reports[i].registration.failure, Failure::Connect);
        EXPECT_EQ(reports[i].list.failure, Failure::Connect);
    }
    EXPECT_EQ(client->stats().register_failed[Failure::Connect], 5u);
    EXPECT_EQ(client->stats().list_failed[Failure::Connect], 5u);
    EXPECT_FALSE(client->stats().last_success.has_value());
    EXPECT_TRUE(updates.empty());
}

TEST_F(FailureTest, GarbageKeepsThePreviousPeersUntilAValidListArrives) {
    learn_one_peer();
    server.set_mode(ReplyMode::Garbage);
    ASSERT_TRUE(run_cycles(3));
    EXPECT_EQ(reports[1].registration.failure, Failure::BadJson);
    EXPECT_EQ(reports[2].next_in, 40ms);  // the back-off grows
    expect_peer_kept();

    server.set_beacons(json_array(R"([{"id":9,"addr":"10.0.0.9:9001"}])"));
    server.set_mode(ReplyMode::Normal);
    ASSERT_TRUE(run_until(io, [&] { return updates.size() == 2; }));
    EXPECT_EQ(updates[1], std::vector<net::Endpoint>{endpoint("10.0.0.9:9001")});
    EXPECT_GT(reports.back().next_in, 100ms);  // healthy again: the interval, back-off reset
}

TEST_F(FailureTest, OversizedReplyIsRefusedAndTheConnectionDropped) {
    learn_one_peer();
    server.set_mode(ReplyMode::Oversized);
    ASSERT_TRUE(run_cycles(2));
    EXPECT_EQ(reports[1].registration.failure, Failure::Oversized);
    EXPECT_EQ(client->stats().register_failed[Failure::Oversized], 1u);
    ASSERT_TRUE(run_until(io, [&] { return server.closed_by_client() >= 2; }));
    EXPECT_EQ(server.count("beacon_list"), 1u);  // nothing more asked on that connection
    expect_peer_kept();
}

TEST_F(FailureTest, ZeroLengthReplyIsAMalformedFrame) {
    learn_one_peer();
    server.set_mode(ReplyMode::ZeroLength);
    ASSERT_TRUE(run_cycles(2));
    EXPECT_EQ(reports[1].registration.failure, Failure::BadFrame);
    expect_peer_kept();
}

TEST_F(FailureTest, SilentRegistryTimesOutWithinTheDeadlineThenBacksOff) {
    learn_one_peer();
    server.set_mode(ReplyMode::Silent);
    const auto before = std::chrono::steady_clock::now();
    ASSERT_TRUE(run_cycles(2));
    const auto waited = std::chrono::steady_clock::now() - before;
    EXPECT_EQ(reports[1].registration.failure, Failure::Timeout);
    EXPECT_EQ(reports[1].list.failure, Failure::Timeout);
    EXPECT_EQ(reports[1].next_in, 20ms);
    // The healthy interval (≤150 ms) plus the 300 ms deadline, with slack for a loaded machine.
    EXPECT_LT(waited, 450ms + 300ms);
    expect_peer_kept();
}

TEST_F(FailureTest, ErrorReplyToRegisterIsCountedAndTheListStillServes) {
    server.set_reply("beacon_register", json_object(R"({"type":"error","error":"bad admin token"})"));
    server.set_beacons(json_array(R"([{"id":8,"addr":"10.0.0.8:9001"}])"));
    start(settings(server.address(), "wrong"));
    ASSERT_TRUE(run_cycles(2));
    EXPECT_EQ(reports[0].registration.failure, Failure::Rejected);
    EXPECT_EQ(reports[0].registration.detail, "bad admin token");
    EXPECT_TRUE(reports[0].list.ok());
    EXPECT_EQ(reports[1].next_in, 40ms);  // not healthy: back-off
    EXPECT_EQ(client->stats().register_failed[Failure::Rejected], 2u);
    EXPECT_EQ(updates.size(), 1u);
}

struct WrongReply {
    const char* name;
    const char* type;  // the request it answers
    const char* reply;
    bool list_step;    // the failure is the list's (else the registration's)
};

class WrongTypesTest : public FailureTest, public ::testing::WithParamInterface<WrongReply> {};

TEST_P(WrongTypesTest, IsRefusedAndThePeersKept) {
    learn_one_peer();
    server.set_reply(GetParam().type, json_object(GetParam().reply));
    ASSERT_TRUE(run_cycles(2));
    const Outcome& refused = GetParam().list_step ? reports[1].list : reports[1].registration;
    EXPECT_EQ(refused.failure, Failure::BadReply) << refused.detail;
    EXPECT_EQ((GetParam().list_step ? client->stats().list_failed : client->stats().register_failed)[Failure::BadReply], 1u);
    expect_peer_kept();
}

INSTANTIATE_TEST_SUITE_P(
    Replies, WrongTypesTest,
    ::testing::Values(
        WrongReply{"BeaconIdAsString", "beacon_register", R"({"type":"beacon_register_ok","beacon_id":"7"})", false},
        WrongReply{"OtherBeaconId", "beacon_register", R"({"type":"beacon_register_ok","beacon_id":8})", false},
        WrongReply{"WrongType", "beacon_register", R"({"type":"beacon_list_ok","beacons":[]})", false},
        WrongReply{"BeaconsNotAList", "beacon_list", R"({"type":"beacon_list_ok","beacons":"10.0.0.9:9001"})", true},
        WrongReply{"NoBeacons", "beacon_list", R"({"type":"beacon_list_ok"})", true},
        WrongReply{"IdAsString", "beacon_list", R"({"type":"beacon_list_ok","beacons":[{"id":"9","addr":"10.0.0.9:1"}]})", true},
        WrongReply{"NegativeId", "beacon_list", R"({"type":"beacon_list_ok","beacons":[{"id":-9,"addr":"10.0.0.9:1"}]})", true},
        WrongReply{"EntryWithoutAddr", "beacon_list", R"({"type":"beacon_list_ok","beacons":[{"id":9}]})", true},
        WrongReply{"AddrNotHostPort", "beacon_list", R"({"type":"beacon_list_ok","beacons":[{"id":9,"addr":"10.0.0.9"}]})", true},
        WrongReply{"AddrNumber", "beacon_list", R"({"type":"beacon_list_ok","beacons":[{"id":9,"addr":9001}]})", true},
        WrongReply{"EntryNotObject", "beacon_list", R"({"type":"beacon_list_ok","beacons":[9]})", true}),
    [](const ::testing::TestParamInfo<WrongReply>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace pb::registry::testing
