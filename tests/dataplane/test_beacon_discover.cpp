// tests/dataplane/test_beacon_discover.cpp — Discover / DiscoverEx
// (PROTOCOL.md §2, §3): the DiscoverReply carries the observed source
// (iplen 4 or 16) back to it with every header swapped; the node table
// keeps the observed endpoint, the first key and the DiscoverEx flag; an
// endpoint moves at most once per 30 s; the capacity refuses new ids only;
// the reaper forgets a node with its key; strict mode pins keyed nodes.
#include <gtest/gtest.h>

#include "tests/support/beacon_fixture.hpp"
#include "tests/support/byte_io.hpp"

namespace pb::test {
namespace {

using net::Family;

Outcomes replied_and(const std::string& counter) {
    Outcomes outcomes = kDiscoverReplied;
    outcomes[counter] = 1;
    return outcomes;
}

class DiscoverTest : public BeaconFixture, public ::testing::WithParamInterface<Family> {
protected:
    Daemon node_at(uint8_t peer_number, uint32_t id = 7001) const { return daemon(id, peer_number, GetParam()); }

    std::optional<PublicKey> key_of(uint32_t id) {
        tables::PublicKey key;
        if (!dataplane().beacon().nodes.public_key(id, key)) return std::nullopt;
        return key;
    }
};

class Discover : public DiscoverTest {};

TEST_P(Discover, RepliesWithTheObservedEndpointAndRegistersIt) {
    const Daemon a = node_at(2);
    // 0x01 then id 7001, written out rather than encoded.
    expect_discover_reply(a, Bytes{0x01, 0x00, 0x00, 0x1b, 0x59});
    const auto entry = node(a.id);
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->endpoint, endpoint_of(a));
    EXPECT_EQ(entry->last_seen_s, now_s());
    EXPECT_FALSE(entry->wants_dest);
    EXPECT_FALSE(entry->has_public_key);
}

TEST_P(Discover, ReplyBytesAreIplenAddressPort) {
    const Daemon a = node_at(2);
    const std::vector<Bytes> sent = exchange(0, datagram_from(a, discover(a.id)));
    ASSERT_EQ(sent.size(), 1u);
    Bytes expected{0x02, a.address().wire_length()};
    append_address(expected, a.address());
    append_be<uint16_t>(expected, a.peer.port);
    EXPECT_EQ(parse_frame(sent[0]).udp->payload, expected);
    EXPECT_EQ(expected.size(), GetParam() == Family::V4 ? 8u : 20u);
}

TEST_P(Discover, IsAnsweredOnTheQueueItArrivedOn) {
    const Daemon a = node_at(2);
    expect_discover_reply(a, discover(a.id), kDiscoverReplied, 1);
    EXPECT_EQ(dataplane().counter_snapshot(0)["rx_packets"], 0u);
}

TEST_P(Discover, DiscoverExIsAnsweredAndFlagsTheNode) {
    const Daemon a = node_at(2);
    expect_discover_reply(a, discover_ex(a.id));
    ASSERT_TRUE(node(a.id));
    EXPECT_TRUE(node(a.id)->wants_dest);
}

TEST_P(Discover, PublicKeyIsStoredFirstWriteWins) {
    const Daemon a = node_at(2);
    const SigningKey first = SigningKey::from_seed(1), second = SigningKey::from_seed(2);
    expect_discover_reply(a, discover(a.id, first.public_key));
    expect_discover_reply(a, discover(a.id, second.public_key));
    expect_discover_reply(a, discover_ex(a.id, second.public_key));
    EXPECT_EQ(key_of(a.id), first.public_key);
}

TEST_P(Discover, KeyGivenLaterIsStored) {
    const Daemon a = node_at(2);
    const SigningKey key = SigningKey::from_seed(3);
    expect_discover_reply(a, discover(a.id));
    EXPECT_EQ(key_of(a.id), std::nullopt);
    expect_discover_reply(a, discover(a.id, key.public_key));
    EXPECT_EQ(key_of(a.id), key.public_key);
}

TEST_P(Discover, FewerThanFourIdBytesAreIgnored) {
    const Daemon a = node_at(2);
    const Outcomes malformed{{"discover_received", 1}, {"discover_malformed", 1}};
    for (const Bytes& message : {Bytes{0x01}, Bytes{0x01, 0, 0, 0x1b}, Bytes{0x08, 0x00, 0x1b}}) {
        SCOPED_TRACE(::testing::PrintToString(message));
        expect_silent(datagram_from(a, message), malformed);
    }
    EXPECT_EQ(dataplane().beacon().nodes.size(), 0u);
}

TEST_P(Discover, ExtraBytesShorterThanAKeyMeanNoKey) {
    const SigningKey key = SigningKey::from_seed(4);
    for (std::size_t extra : {1u, 16u, 31u, 32u, 33u, 100u}) {
        SCOPED_TRACE(extra);
        const Daemon a = node_at(2, uint32_t(8000 + extra));
        Bytes message = discover(a.id);
        Bytes tail(key.public_key.begin(), key.public_key.end());
        tail.resize(extra, 0xee);
        append(message, tail);
        expect_discover_reply(a, message);
        if (extra < 32)
            EXPECT_EQ(key_of(a.id), std::nullopt);
        else
            EXPECT_EQ(key_of(a.id), key.public_key) << "the first 32 bytes after the id are the key";
    }
}

TEST_P(Discover, EndpointMovesAtMostOncePerThirtySeconds) {
    const Daemon a = node_at(2), moved = node_at(3), back = node_at(2);
    expect_discover_reply(a, discover(a.id));
    dataplane().clock().advance_s(29);
    // Inside the window: answered with the NEW observed address, not moved.
    expect_discover_reply(moved, discover(a.id), replied_and("discover_throttled"));
    EXPECT_EQ(node(a.id)->endpoint, endpoint_of(a));
    dataplane().clock().advance_s(1);
    expect_discover_reply(moved, discover(a.id));
    EXPECT_EQ(node(a.id)->endpoint, endpoint_of(moved));
    EXPECT_EQ(node(a.id)->last_seen_s, now_s());
    // The move opened a new window: moving back at once is refused.
    dataplane().clock().advance_s(5);
    expect_discover_reply(back, discover(a.id), replied_and("discover_throttled"));
    EXPECT_EQ(node(a.id)->endpoint, endpoint_of(moved));
}

TEST_P(Discover, RefreshFromTheSameEndpointWorksInsideTheWindow) {
    const Daemon a = node_at(2);
    expect_discover_reply(a, discover(a.id));
    dataplane().clock().advance_s(3);
    expect_discover_reply(a, discover(a.id));
    EXPECT_EQ(node(a.id)->last_seen_s, now_s());
}

TEST_P(Discover, AnotherPortOfTheSameHostIsAnotherEndpoint) {
    const Daemon a = node_at(2), other_socket = with_port(node_at(2), 50000);
    expect_discover_reply(a, discover(a.id));
    expect_discover_reply(other_socket, discover(a.id), replied_and("discover_throttled"));
    dataplane().clock().advance_s(30);
    expect_discover_reply(other_socket, discover(a.id));
    EXPECT_EQ(node(a.id)->endpoint.port, 50000);
}

TEST_P(Discover, ReapedNodeIsForgottenWithItsKey) {
    const Daemon a = node_at(2), sender = node_at(3, 7002);
    const uint32_t ttl = dataplane().config().beacon.timers.node_ttl_s;
    ASSERT_EQ(ttl, 600u);
    const SigningKey first = SigningKey::from_seed(5), second = SigningKey::from_seed(6);
    expect_discover_reply(a, discover(a.id, first.public_key));
    dataplane().clock().advance_s(ttl - 1);
    EXPECT_EQ(dataplane().beacon().nodes.reap_all(now_s(), ttl), 0u);
    ASSERT_TRUE(node(a.id));
    dataplane().clock().advance_s(1);
    EXPECT_EQ(dataplane().beacon().nodes.reap_all(now_s(), ttl), 1u);
    EXPECT_FALSE(node(a.id));
    expect_silent(datagram_from(sender, relay(sender.id, a.id, pattern_bytes(10))),
                  {{"relay_received", 1}, {"relay_not_found", 1}});
    // Registered again: a new node, whose key is the one it gives now.
    expect_discover_reply(a, discover(a.id, second.public_key));
    EXPECT_EQ(key_of(a.id), second.public_key);
}

TEST_P(Discover, RefreshedNodeIsNotReaped) {
    const Daemon a = node_at(2);
    const uint32_t ttl = dataplane().config().beacon.timers.node_ttl_s;
    expect_discover_reply(a, discover(a.id));
    dataplane().clock().advance_s(ttl - 10);
    expect_discover_reply(a, discover(a.id));
    dataplane().clock().advance_s(20);
    EXPECT_EQ(dataplane().beacon().nodes.reap_all(now_s(), ttl), 0u);
    EXPECT_TRUE(node(a.id));
}

INSTANTIATE_TEST_SUITE_P(Families, Discover, ::testing::ValuesIn(kFamilies), family_name);

// beacon.max_nodes = 4.
class DiscoverFullTable : public DiscoverTest {
    void configure(config::Config& cfg) override { cfg.beacon.max_nodes = 4; }
};

TEST_P(DiscoverFullTable, NewIdIsNotAnsweredExistingIdsStillRefreshAndMove) {
    for (uint32_t id = 1; id <= 4; ++id) expect_discover_reply(node_at(2, id), discover(id));
    const Daemon fifth = node_at(2, 5);
    expect_silent(datagram_from(fifth, discover(fifth.id)),
                  {{"discover_received", 1}, {"discover_table_full", 1}});
    EXPECT_FALSE(node(fifth.id));
    dataplane().clock().advance_s(7);
    expect_discover_reply(node_at(2, 1), discover(1));
    EXPECT_EQ(node(1)->last_seen_s, now_s());
    dataplane().clock().advance_s(30);
    expect_discover_reply(node_at(3, 2), discover(2));
    EXPECT_EQ(node(2)->endpoint, endpoint_of(node_at(3, 2)));
    EXPECT_EQ(dataplane().beacon().nodes.size(), 4u);
}

INSTANTIATE_TEST_SUITE_P(Families, DiscoverFullTable, ::testing::ValuesIn(kFamilies), family_name);

// beacon.strict_discover: a node whose key is known keeps its endpoint.
class StrictDiscover : public DiscoverTest {
    void configure(config::Config& cfg) override { cfg.beacon.strict_discover = true; }
};

TEST_P(StrictDiscover, KeyedNodeIsAnsweredButNotMoved) {
    const Daemon a = node_at(2), hijacker = node_at(3);
    const SigningKey key = SigningKey::from_seed(7);
    expect_discover_reply(a, discover(a.id, key.public_key));
    dataplane().clock().advance_s(31);
    expect_discover_reply(hijacker, discover(a.id), replied_and("discover_pinned"));
    expect_discover_reply(hijacker, discover(a.id, key.public_key), replied_and("discover_pinned"));
    EXPECT_EQ(node(a.id)->endpoint, endpoint_of(a));
    // The owner still refreshes it.
    expect_discover_reply(a, discover(a.id));
    EXPECT_EQ(node(a.id)->last_seen_s, now_s());
}

TEST_P(StrictDiscover, NodeWithoutKeyMovesAsUsual) {
    const Daemon a = node_at(2), moved = node_at(3);
    expect_discover_reply(a, discover(a.id));
    dataplane().clock().advance_s(30);
    expect_discover_reply(moved, discover(a.id));
    EXPECT_EQ(node(a.id)->endpoint, endpoint_of(moved));
}

INSTANTIATE_TEST_SUITE_P(Families, StrictDiscover, ::testing::ValuesIn(kFamilies), family_name);

}  // namespace
}  // namespace pb::test
