// tests/support/beacon_fixture.hpp — the fixture of the beacon-handler tests:
// DataplaneFixture plus daemons (a node id at a test peer's address of one
// family), registration by Discover, exchanges that assert the exact
// outcome counters, and a check that a sent frame is exactly the beacon
// datagram expected (MACs, addresses, ports, lengths, checksums, payload).
//
//   const Daemon a = daemon(100, 2, Family::V4), b = daemon(200, 3, Family::V6);
//   register_node(a);
//   register_node(b);
//   const auto sent = exchange_counted(0, datagram_from(a, relay(a.id, b.id, payload)),
//                                      {{"relay_received", 1}, {"relay_forwarded_local", 1}});
//   expect_beacon_datagram(sent.at(0), b, relay_deliver(a.id, payload));
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/tables/node_table.hpp"
#include "tests/support/beacon_messages.hpp"
#include "tests/support/counter_snapshot.hpp"
#include "tests/support/dataplane_fixture.hpp"

namespace pb::net {
// How GoogleTest prints a Family parameter: "IPv4" / "IPv6".
void PrintTo(Family family, std::ostream* out);
}  // namespace pb::net

namespace pb::test {

// The outcomes of an answered Discover, a punch that sent both commands,
// and a relay delivered to a local node.
inline const Outcomes kDiscoverReplied{{"discover_received", 1}, {"discover_replied", 1}};
inline const Outcomes kPunched{{"punch_received", 1}, {"punch_commands_sent", 2}};
inline const Outcomes kDeliveredLocally{{"relay_received", 1}, {"relay_forwarded_local", 1}};

// A daemon as the beacon sees it: node `id` at `peer`'s address of `family`
// and `peer.port` (change the port to move it, or to model a second socket).
struct Daemon {
    uint32_t id = 0;
    TestPeer peer;
    net::Family family = net::Family::V4;

    const net::IpAddress& address() const { return peer.address(family); }
    net::Endpoint endpoint() const { return {address(), peer.port}; }
};
Daemon daemon(uint32_t id, uint8_t peer_number, net::Family family = net::Family::V4);
// The same node id, reached at another UDP port of the same host.
Daemon with_port(Daemon d, uint16_t port);
// Where `d` is registered, as the node table must hold it (with the MAC its packets come from).
inline tables::NodeEndpoint endpoint_of(const Daemon& d) { return {d.address(), d.peer.port, d.peer.mac}; }

// Parameters of tests that run for each family, or each pair of families
// (sender → destination, requester → target): test names V4, V6, V4To6 …
// Parameter structs with a `name` member are named by case_name.
inline const net::Family kFamilies[] = {net::Family::V4, net::Family::V6};
struct FamilyPair {
    net::Family from, to;
    friend void PrintTo(const FamilyPair& pair, std::ostream* out);
};
inline const FamilyPair kFamilyPairs[] = {{net::Family::V4, net::Family::V4},
                                          {net::Family::V4, net::Family::V6},
                                          {net::Family::V6, net::Family::V4},
                                          {net::Family::V6, net::Family::V6}};
std::string family_name(const ::testing::TestParamInfo<net::Family>& info);
std::string family_pair_name(const ::testing::TestParamInfo<FamilyPair>& info);
inline constexpr auto case_name = [](const auto& info) { return std::string(info.param.name); };
// A parameter struct with a name, printed by GoogleTest as that name:
//   struct GrantCase : NamedCase<GrantCase> { Bytes message; bool authorised; };
template <class Case>
struct NamedCase {
    std::string name;
    friend void PrintTo(const Case& c, std::ostream* out) { *out << c.name; }
};

class BeaconFixture : public DataplaneFixture {
protected:
    // A beacon datagram from `from` (its MAC, address and port) to us, carrying `message`.
    Bytes datagram_from(const Daemon& from, Bytes message) const {
        return beacon_datagram(from.peer, from.family, std::move(message));
    }

    // exchange() that also expects exactly `expected` outcome counters to move.
    std::vector<Bytes> exchange_counted(uint16_t queue, const Bytes& frame, const Outcomes& expected);
    // Injects on `queue`, polls every worker and returns what every queue
    // sent (queue 0 first), expecting exactly `expected` outcomes.
    std::vector<Bytes> send_counted(uint16_t queue, const Bytes& frame, const Outcomes& expected);
    // Expects no frame sent on any queue and exactly `expected` outcomes.
    void expect_silent(const Bytes& frame, const Outcomes& expected, uint16_t queue = 0);
    // Expects no frame sent, exactly `expected` outcomes, and `frame` handed
    // unchanged to the control plane by the worker of `queue`, tagged `reason`.
    void expect_punt(const Bytes& frame, const Outcomes& expected, dp::PuntReason reason, uint16_t queue = 0);

    // Registers `d` by Discover (DiscoverEx when `extended`) on `queue` and
    // checks the DiscoverReply.
    void register_node(const Daemon& d, const std::optional<PublicKey>& key = std::nullopt, bool extended = false,
                       uint16_t queue = 0);
    // Sends the Discover `message` from `from` on `queue` and expects exactly
    // `expected` outcomes and one DiscoverReply: `from`'s observed endpoint, to it.
    void expect_discover_reply(const Daemon& from, const Bytes& message, const Outcomes& expected = kDiscoverReplied,
                               uint16_t queue = 0);
    // Sends the PunchRequest `message` from `from` on `queue` and expects the
    // two commands on that queue: `requester_at` learns `target`'s endpoint,
    // then `target` learns `requester_at`'s.
    void expect_punch_commands(const Daemon& from, const Bytes& message, const Daemon& requester_at,
                               const Daemon& target, uint16_t queue = 0);
    // Sends relay(from.id → dest_id, payload) from `from` on `queue` and
    // expects exactly `expected` outcomes and one frame on that queue:
    // `payload_out` to `to`.
    void expect_relayed(const Daemon& from, uint32_t dest_id, const Bytes& payload, const Daemon& to,
                        const Bytes& payload_out, const Outcomes& expected, uint16_t queue = 0);
    // expect_relayed() of a RelayDeliver to `to`, a local node.
    void expect_relay_delivered(const Daemon& from, const Daemon& to, const Bytes& payload, uint16_t queue = 0) {
        expect_relayed(from, to.id, payload, to, relay_deliver(from.id, payload), kDeliveredLocally, queue);
    }

    // Expects `frame` to be the UDP datagram `payload` from our beacon port to `to`.
    void expect_beacon_datagram(const Bytes& frame, const Daemon& to, const Bytes& payload);

    // The node table's entry of `id`, if any.
    std::optional<tables::NodeView> node(uint32_t id);

    uint32_t now_s() { return dataplane().clock().now().s; }
    int64_t now_unix_s() { return dataplane().clock().now().unix_s; }
};

// Tests between two daemons, one of each family of a FamilyPair: `first`
// (node 100 on peer 2, family `from`) and `second` (node 200 on peer 3, `to`).
class DaemonPairFixture : public BeaconFixture, public ::testing::WithParamInterface<FamilyPair> {
protected:
    void register_both() {
        register_node(first);
        register_node(second);
    }

    const Daemon first = daemon(100, 2, GetParam().from);
    const Daemon second = daemon(200, 3, GetParam().to);
};

}  // namespace pb::test
