// Unit tests for controlplane/gossip/peer_list: static ∪ dynamic peers,
// without ourselves or duplicates, and the workers' peer set.
#include "controlplane/gossip/peer_list.hpp"

#include <gtest/gtest.h>

using namespace pb::cp::gossip;
using pb::net::Endpoint;

namespace {
Endpoint ep(const char* text) { return *Endpoint::parse(text); }
}  // namespace

TEST(PeerList, StaticAndDynamicMergedWithoutSelfOrDuplicates) {
    PeerList list({ep("10.0.0.1:9001")});
    const auto names = list.set_static({"10.0.0.2:9001", "beacon.example:9001", "10.0.0.1:9001", "[fd00::2]:9001",
                                        "10.0.0.2:9001", "[::ffff:10.0.0.4]:9001"});
    EXPECT_EQ(names, std::vector<std::string>{"beacon.example:9001"});
    EXPECT_EQ(list.configured(),
              (std::vector<Endpoint>{ep("10.0.0.2:9001"), ep("[fd00::2]:9001"), ep("10.0.0.4:9001")}));
    list.set_dynamic({ep("10.0.0.3:9001"), ep("10.0.0.2:9001")});
    EXPECT_EQ(list.configured().size(), 4u);
    EXPECT_EQ(list.configured().back(), ep("10.0.0.3:9001"));
    EXPECT_TRUE(list.configured_address(ep("10.0.0.3:1").address));  // the port is not compared
    EXPECT_FALSE(list.configured_address(ep("10.0.0.9:9001").address));
    list.set_dynamic({});
    EXPECT_EQ(list.configured().size(), 3u);
    list.set_static({});
    EXPECT_TRUE(list.configured().empty());
}

TEST(PeerList, PeerSetIsConfiguredThenHeardWithinTheLimit) {
    PeerList list({});
    list.set_static({"10.0.0.2:9001", "10.0.0.3:9001"});
    const std::vector<Endpoint> heard = {ep("10.0.0.3:9001"), ep("10.0.0.7:4000"), ep("10.0.0.8:4000")};
    EXPECT_EQ(list.with_heard(heard, 10),
              (std::vector<Endpoint>{ep("10.0.0.2:9001"), ep("10.0.0.3:9001"), ep("10.0.0.7:4000"), ep("10.0.0.8:4000")}));
    EXPECT_EQ(list.with_heard(heard, 3).size(), 3u);
    EXPECT_EQ(list.with_heard(heard, 1), std::vector<Endpoint>{ep("10.0.0.2:9001")});
}
