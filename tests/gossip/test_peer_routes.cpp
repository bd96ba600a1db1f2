// Unit tests for controlplane/gossip/peer_routes: replace-per-sender,
// local ids skipped, withdrawal only of the sender's own routes (moved to
// another announcer when there is one), route TTL, multi-part generations
// and next-hop changes — on real NodeTables, no DPDK.
#include "controlplane/gossip/peer_routes.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace pb::cp::gossip;
using pb::net::Endpoint;
using pb::net::IpAddress;
using pb::tables::Mac;
using pb::tables::NodeTable;
using pb::tables::NodeView;

namespace {

const Endpoint kPeerA{*IpAddress::parse("10.0.0.2"), 9001};
const Endpoint kPeerB{*IpAddress::parse("10.0.0.3"), 9001};
const Mac kMacA{2, 0, 0, 0, 0, 0xa};
const Mac kMacB{2, 0, 0, 0, 0, 0xb};

// A received Sync: kept alive with its bytes.
struct Message {
    std::vector<uint8_t> bytes;
    ReceivedSync sync;
};

Message plain(std::vector<uint32_t> ids) {
    Message m;
    m.bytes = {0x07, 0, 0, 0, 1, uint8_t(ids.size() >> 8), uint8_t(ids.size())};
    for (uint32_t id : ids)
        for (int shift = 24; shift >= 0; shift -= 8) m.bytes.push_back(uint8_t(id >> shift));
    m.sync = read_sync(m.bytes);
    return m;
}

Message part(std::vector<uint32_t> ids, uint32_t generation, uint32_t index, uint32_t parts, uint8_t extra_flags = 0) {
    Message m;
    m.bytes.resize(sync_size(ids.size()));
    write_sync(m.bytes, 1, ids, SyncTrailer{uint8_t(flags::kMultipart | extra_flags), generation, index, parts});
    m.sync = read_sync(m.bytes);
    return m;
}

class PeerRoutesTest : public ::testing::Test {
protected:
    NodeTable peer_nodes{1000};
    NodeTable local{1000};
    PeerRoutes routes{peer_nodes, local};

    // Where `id` is routed: the peer's endpoint, or nullopt.
    std::optional<Endpoint> route(uint32_t id) const {
        NodeView v;
        if (!peer_nodes.lookup(id, v)) return std::nullopt;
        return Endpoint{v.endpoint.address, v.endpoint.port};
    }
    Mac mac_of(uint32_t id) const {
        NodeView v;
        EXPECT_TRUE(peer_nodes.lookup(id, v));
        return v.endpoint.next_hop;
    }
    void register_locally(uint32_t id) {
        pb::tables::DiscoverUpdate u;
        u.id = id;
        u.endpoint = {*IpAddress::parse("192.0.2.9"), 5000, {}};
        local.upsert(u);
    }
};

}  // namespace

TEST_F(PeerRoutesTest, ASyncReplacesTheSendersSet) {
    routes.apply(kPeerA, kMacA, plain({1, 2, 3}).sync, 10);
    EXPECT_EQ(route(1), kPeerA);
    EXPECT_EQ(route(3), kPeerA);
    EXPECT_EQ(mac_of(2), kMacA);
    routes.apply(kPeerA, kMacA, plain({3, 4}).sync, 20);
    EXPECT_FALSE(route(1));
    EXPECT_FALSE(route(2));
    EXPECT_EQ(route(3), kPeerA);
    EXPECT_EQ(route(4), kPeerA);
    EXPECT_EQ(routes.stats().learned, 4u);
    EXPECT_EQ(routes.stats().withdrawn_replaced, 2u);
    routes.apply(kPeerA, kMacA, plain({}).sync, 30);  // an empty set withdraws everything
    EXPECT_EQ(peer_nodes.size(), 0u);
}

TEST_F(PeerRoutesTest, LocalIdsAreSkipped) {
    register_locally(2);
    routes.apply(kPeerA, kMacA, plain({1, 2}).sync, 10);
    EXPECT_EQ(route(1), kPeerA);
    EXPECT_FALSE(route(2));
    EXPECT_EQ(routes.stats().skipped_local, 1u);
}

TEST_F(PeerRoutesTest, ASenderOnlyWithdrawsItsOwnRoutesAndOthersTakeOver) {
    routes.apply(kPeerA, kMacA, plain({1, 2}).sync, 10);
    routes.apply(kPeerB, kMacB, plain({2, 3}).sync, 11);  // last heard wins id 2 (as the original)
    EXPECT_EQ(route(2), kPeerB);
    routes.apply(kPeerA, kMacA, plain({}).sync, 12);  // A's withdrawal leaves B's route to 2 alone
    EXPECT_FALSE(route(1));
    EXPECT_EQ(route(2), kPeerB);
    routes.apply(kPeerA, kMacA, plain({2}).sync, 13);
    EXPECT_EQ(route(2), kPeerA);
    routes.apply(kPeerA, kMacA, plain({}).sync, 14);  // B still announces 2: the route moves back to it
    EXPECT_EQ(route(2), kPeerB);
    EXPECT_EQ(mac_of(2), kMacB);
}

TEST_F(PeerRoutesTest, SilentSendersLoseTheirRoutesAfterTheTtl) {
    routes.apply(kPeerA, kMacA, plain({1, 2}).sync, 100);
    routes.apply(kPeerB, kMacB, plain({2, 3}).sync, 150);
    EXPECT_TRUE(routes.expire(189, 90).empty());
    const auto expired = routes.expire(190, 90);
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0].sender, kPeerA);
    EXPECT_EQ(expired[0].routes, 1u);  // id 2 points at B
    EXPECT_FALSE(route(1));
    EXPECT_EQ(route(2), kPeerB);
    EXPECT_FALSE(routes.known(kPeerA));
    EXPECT_EQ(routes.expire(240, 90).size(), 1u);
    EXPECT_EQ(peer_nodes.size(), 0u);
    EXPECT_EQ(routes.stats().withdrawn_ttl, 3u);
}

TEST_F(PeerRoutesTest, MultiPartGenerationReplacesWhenComplete) {
    routes.apply(kPeerA, kMacA, plain({1, 2, 3}).sync, 10);
    routes.apply(kPeerA, kMacA, part({3, 4}, 7, 1, 2).sync, 20);
    EXPECT_TRUE(routes.multipart(kPeerA));
    EXPECT_EQ(route(4), kPeerA);  // added at once
    EXPECT_EQ(route(1), kPeerA);  // nothing withdrawn before the generation is complete
    routes.apply(kPeerA, kMacA, part({5}, 7, 0, 2).sync, 21);
    EXPECT_FALSE(route(1));
    EXPECT_FALSE(route(2));
    EXPECT_EQ(route(3), kPeerA);
    EXPECT_EQ(route(5), kPeerA);
    const auto announced = routes.announced(kPeerA);
    EXPECT_EQ(std::vector<uint32_t>(announced.begin(), announced.end()), (std::vector<uint32_t>{3, 4, 5}));
    routes.apply(kPeerA, kMacA, part({5}, 7, 0, 2).sync, 22);  // a late duplicate of a finished generation
    EXPECT_EQ(routes.stats().parts_stale, 1u);
}

TEST_F(PeerRoutesTest, IncompleteGenerationWithdrawsNothingUntilALaterOneCompletes) {
    routes.apply(kPeerA, kMacA, part({1}, 1, 0, 2).sync, 10);
    routes.apply(kPeerA, kMacA, part({2}, 1, 1, 2).sync, 10);
    routes.apply(kPeerA, kMacA, part({3}, 2, 0, 2).sync, 20);  // part 1 of generation 2 is lost
    routes.apply(kPeerA, kMacA, part({4}, 3, 1, 2).sync, 30);
    for (uint32_t id : {1u, 2u, 3u, 4u}) EXPECT_EQ(route(id), kPeerA) << id;
    routes.apply(kPeerA, kMacA, part({5}, 3, 0, 2).sync, 31);
    EXPECT_FALSE(route(1));
    EXPECT_FALSE(route(2));
    EXPECT_FALSE(route(3));  // installed by the abandoned generation, withdrawn by the complete one
    EXPECT_EQ(route(4), kPeerA);
    EXPECT_EQ(route(5), kPeerA);
}

TEST_F(PeerRoutesTest, PartialSetAddsWithoutWithdrawing) {
    routes.apply(kPeerA, kMacA, plain({1, 2}).sync, 10);
    routes.apply(kPeerA, kMacA, part({3}, 9, 0, 1, flags::kPartialSet).sync, 20);
    EXPECT_EQ(route(1), kPeerA);
    EXPECT_EQ(route(3), kPeerA);
    routes.apply(kPeerA, kMacA, plain({3}).sync, 30);
    EXPECT_FALSE(route(1));
    EXPECT_FALSE(route(2));
    EXPECT_FALSE(routes.multipart(kPeerA));  // a Go Sync from that address: no longer one of ours
}

TEST_F(PeerRoutesTest, BadPartsAreRefused) {
    routes.apply(kPeerA, kMacA, part({1}, 1, 2, 2).sync, 10);        // part ≥ parts
    routes.apply(kPeerA, kMacA, part({1}, 1, 0, 1000000).sync, 10);  // more parts than the table could need
    EXPECT_EQ(routes.stats().parts_bad, 2u);
    EXPECT_FALSE(route(1));
    routes.apply(kPeerA, kMacA, part({1}, 2, 0, 3).sync, 10);
    routes.apply(kPeerA, kMacA, part({2}, 2, 1, 4).sync, 10);  // the count changed inside a generation
    EXPECT_EQ(routes.stats().parts_bad, 3u);
}

TEST_F(PeerRoutesTest, HelloMarksMultipartWithoutRoutes) {
    routes.hello(kPeerA, kMacA, 10);
    EXPECT_TRUE(routes.known(kPeerA));
    EXPECT_TRUE(routes.multipart(kPeerA));
    EXPECT_EQ(routes.multipart_count(), 1u);
    EXPECT_EQ(peer_nodes.size(), 0u);
    EXPECT_EQ(routes.expire(100, 90).size(), 1u);
    EXPECT_FALSE(routes.known(kPeerA));
}

TEST_F(PeerRoutesTest, NextHopChangeMovesTheSendersRoutes) {
    routes.apply(kPeerA, kMacA, plain({1, 2}).sync, 10);
    routes.set_next_hop(kPeerA, kMacB);
    EXPECT_EQ(mac_of(1), kMacB);
    EXPECT_EQ(mac_of(2), kMacB);
    routes.apply(kPeerA, kMacA, plain({1, 2}).sync, 20);  // a Sync through another MAC moves them too
    EXPECT_EQ(mac_of(1), kMacA);
    EXPECT_EQ(routes.stats().learned, 2u);
}

TEST_F(PeerRoutesTest, FullPeerTableIsCounted) {
    NodeTable small(2);
    PeerRoutes r(small, local);
    r.apply(kPeerA, kMacA, plain({1, 2, 3}).sync, 10);
    EXPECT_EQ(r.stats().learned, 2u);
    EXPECT_EQ(r.stats().refused_full, 1u);
}
