// Unit tests for controlplane/neighbours/neighbour_table (states, timers,
// bounded size) and next_hop (on-link or gateway).
#include "controlplane/neighbours/neighbour_table.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "controlplane/neighbours/next_hop.hpp"

using namespace pb::cp::nbr;
using pb::net::IpAddress;

namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }
const Mac kMac1{2, 0, 0, 0, 0, 1};
const Mac kMac2{2, 0, 0, 0, 0, 2};

class NeighbourTableTest : public ::testing::Test {
protected:
    std::vector<Probe> probes;
    std::vector<std::pair<IpAddress, Mac>> changes;
    NeighbourTable table{4, NeighbourTimers{}, [this](const Probe& p) { probes.push_back(p); }};

    void SetUp() override {
        table.on_change([this](const IpAddress& a, const Mac& m) { changes.emplace_back(a, m); });
    }
};

}  // namespace

TEST_F(NeighbourTableTest, UnknownAddressIsAskedForAndResolvesOnReply) {
    EXPECT_FALSE(table.resolve(ip("10.0.0.2"), 0));
    ASSERT_EQ(probes.size(), 1u);
    EXPECT_EQ(probes[0].target, ip("10.0.0.2"));
    EXPECT_FALSE(probes[0].unicast_to);
    EXPECT_EQ(table.state(ip("10.0.0.2")), NeighbourState::Pending);
    EXPECT_FALSE(table.resolve(ip("10.0.0.2"), 10));  // still pending: no second request
    EXPECT_EQ(probes.size(), 1u);
    EXPECT_EQ(table.learn(ip("10.0.0.2"), kMac1, 20), LearnOutcome::Resolved);
    EXPECT_EQ(table.resolve(ip("10.0.0.2"), 30), kMac1);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(table.stats().resolved, 1u);
}

TEST_F(NeighbourTableTest, RetransmitsThenFailsThenRetriesWhenAskedAgain) {
    table.resolve(ip("fd00::2"), 0);
    table.tick(999);
    EXPECT_EQ(probes.size(), 1u);
    table.tick(1000);
    table.tick(2000);
    EXPECT_EQ(probes.size(), 3u);
    table.tick(3000);  // three requests unanswered
    EXPECT_EQ(table.state(ip("fd00::2")), NeighbourState::Failed);
    EXPECT_EQ(table.stats().failed, 1u);
    EXPECT_FALSE(table.resolve(ip("fd00::2"), 4000));  // retry_failed_ms not over
    EXPECT_EQ(probes.size(), 3u);
    EXPECT_FALSE(table.resolve(ip("fd00::2"), 8000));
    EXPECT_EQ(probes.size(), 4u);
    EXPECT_EQ(table.state(ip("fd00::2")), NeighbourState::Pending);
}

TEST_F(NeighbourTableTest, ResolvedEntriesAreReconfirmedUnicastThenBroadcast) {
    table.resolve(ip("10.0.0.2"), 0);
    table.learn(ip("10.0.0.2"), kMac1, 0);
    probes.clear();
    table.tick(30000);
    ASSERT_EQ(probes.size(), 1u);
    EXPECT_EQ(probes[0].unicast_to, kMac1);
    EXPECT_EQ(table.resolve(ip("10.0.0.2"), 30001), kMac1);  // still usable while re-confirming
    table.tick(31000);
    table.tick(32000);
    ASSERT_EQ(probes.size(), 3u);
    EXPECT_FALSE(probes[2].unicast_to);  // last attempt broadcast: it may have a new MAC
    EXPECT_EQ(table.learn(ip("10.0.0.2"), kMac2, 32500), LearnOutcome::Changed);
    EXPECT_EQ(table.resolve(ip("10.0.0.2"), 32600), kMac2);
    EXPECT_EQ(changes.back().second, kMac2);
    EXPECT_EQ(table.stats().changed, 1u);
}

TEST_F(NeighbourTableTest, RefreshWithoutAnswerFails) {
    table.resolve(ip("10.0.0.2"), 0);
    table.learn(ip("10.0.0.2"), kMac1, 0);
    for (uint64_t t = 30000; t <= 33000; t += 1000) table.tick(t);
    EXPECT_EQ(table.state(ip("10.0.0.2")), NeighbourState::Failed);
    EXPECT_FALSE(table.resolve(ip("10.0.0.2"), 33001));
}

TEST_F(NeighbourTableTest, PeekNeverAsks) {
    EXPECT_FALSE(table.peek(ip("10.0.0.2")));
    EXPECT_EQ(table.size(), 0u);
    EXPECT_TRUE(probes.empty());
    table.resolve(ip("10.0.0.2"), 0);
    EXPECT_FALSE(table.peek(ip("10.0.0.2")));
    table.learn(ip("10.0.0.2"), kMac1, 0);
    EXPECT_EQ(table.peek(ip("10.0.0.2")), kMac1);
}

TEST_F(NeighbourTableTest, UnsolicitedRepliesDoNotFillTheTable) {
    EXPECT_EQ(table.learn(ip("10.0.0.9"), kMac1, 0), LearnOutcome::Unsolicited);
    EXPECT_EQ(table.size(), 0u);
    EXPECT_EQ(table.stats().unsolicited, 1u);
}

TEST_F(NeighbourTableTest, BoundedEvictsFailedThenLeastRecentlyUsed) {
    for (int i = 1; i <= 4; ++i) table.resolve(ip(("10.0.0." + std::to_string(i)).c_str()), uint64_t(i));
    for (int i = 2; i <= 4; ++i) table.learn(ip(("10.0.0." + std::to_string(i)).c_str()), kMac1, 10);
    for (uint64_t t = 1000; t <= 4000; t += 1000) table.tick(t);  // 10.0.0.1 fails
    table.resolve(ip("10.0.0.5"), 5000);
    EXPECT_EQ(table.size(), 4u);
    EXPECT_FALSE(table.state(ip("10.0.0.1")));  // the failed one went first
    table.resolve(ip("10.0.0.6"), 5001);
    EXPECT_FALSE(table.state(ip("10.0.0.2")));  // then the least recently used
    EXPECT_EQ(table.stats().evicted, 2u);
}

TEST_F(NeighbourTableTest, IdleEntriesAreForgotten) {
    table.resolve(ip("10.0.0.2"), 0);
    table.learn(ip("10.0.0.2"), kMac1, 0);
    table.tick(600000);
    EXPECT_EQ(table.size(), 0u);
}

TEST(NextHop, OnLinkGatewayOrNothing) {
    pb::config::PortConfig port;
    port.ipv4.address = pb::net::IpPrefix::parse("10.77.0.1/24");
    port.ipv4.gateway = ip("10.77.0.254");
    port.ipv6.address = pb::net::IpPrefix::parse("fd77::1/64");
    Route r = route_to(ip("10.77.0.9"), port);
    EXPECT_EQ(r.status, RouteStatus::OnLink);
    EXPECT_EQ(r.neighbour, ip("10.77.0.9"));
    r = route_to(ip("192.0.2.1"), port);
    EXPECT_EQ(r.status, RouteStatus::Gateway);
    EXPECT_EQ(r.neighbour, ip("10.77.0.254"));
    EXPECT_EQ(route_to(ip("::ffff:192.0.2.1"), port).status, RouteStatus::Gateway);  // mapped: IPv4
    EXPECT_EQ(route_to(ip("fd77::9"), port).status, RouteStatus::OnLink);
    EXPECT_EQ(route_to(ip("fe80::9"), port).status, RouteStatus::OnLink);
    EXPECT_EQ(route_to(ip("2001:db8::1"), port).status, RouteStatus::NoRoute);
    port.ipv6.address.reset();
    EXPECT_EQ(route_to(ip("fd77::9"), port).status, RouteStatus::NoAddress);
}
