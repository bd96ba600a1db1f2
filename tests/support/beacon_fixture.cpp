// tests/support/beacon_fixture.cpp — exchanges with exact outcome counters
// and the byte-level check of beacon datagrams.
#include "tests/support/beacon_fixture.hpp"

namespace pb::net {
void PrintTo(Family family, std::ostream* out) { *out << (family == Family::V4 ? "IPv4" : "IPv6"); }
}  // namespace pb::net

namespace pb::test {

Daemon daemon(uint32_t id, uint8_t peer_number, net::Family family) {
    return Daemon{.id = id, .peer = test_peer(peer_number), .family = family};
}

Daemon with_port(Daemon d, uint16_t port) {
    d.peer.port = port;
    return d;
}

namespace {
std::string short_name(net::Family family) { return family == net::Family::V4 ? "V4" : "V6"; }
}  // namespace

std::string family_name(const ::testing::TestParamInfo<net::Family>& info) { return short_name(info.param); }

void PrintTo(const FamilyPair& pair, std::ostream* out) {
    net::PrintTo(pair.from, out);
    *out << " to ";
    net::PrintTo(pair.to, out);
}

std::string family_pair_name(const ::testing::TestParamInfo<FamilyPair>& info) {
    return short_name(info.param.from) + "To" + short_name(info.param.to).substr(1);
}

std::vector<Bytes> BeaconFixture::exchange_counted(uint16_t queue, const Bytes& frame, const Outcomes& expected) {
    const CounterSnapshot before = counters();
    std::vector<Bytes> sent = exchange(queue, frame);
    EXPECT_EQ(counters().outcomes_since(before), expected);
    return sent;
}

std::vector<Bytes> BeaconFixture::send_counted(uint16_t queue, const Bytes& frame, const Outcomes& expected) {
    const CounterSnapshot before = counters();
    inject(queue, frame);
    dataplane().poll_all();
    EXPECT_EQ(counters().outcomes_since(before), expected);
    return drain_all_tx();
}

void BeaconFixture::expect_silent(const Bytes& frame, const Outcomes& expected, uint16_t queue) {
    EXPECT_EQ(send_counted(queue, frame, expected).size(), 0u) << "a frame was sent in answer";
}

void BeaconFixture::expect_punt(const Bytes& frame, const Outcomes& expected, dp::PuntReason reason,
                                uint16_t queue) {
    expect_silent(frame, expected, queue);
    const std::vector<Punted> punted = drain_punts(queue);
    ASSERT_EQ(punted.size(), 1u) << "frames punted by worker " << queue;
    EXPECT_EQ(punted[0].reason, reason);
    EXPECT_EQ(punted[0].frame, frame);
}

void BeaconFixture::register_node(const Daemon& d, const std::optional<PublicKey>& key, bool extended,
                                  uint16_t queue) {
    SCOPED_TRACE("registering node " + std::to_string(d.id));
    expect_discover_reply(d, extended ? discover_ex(d.id, key) : discover(d.id, key), kDiscoverReplied, queue);
}

void BeaconFixture::expect_discover_reply(const Daemon& from, const Bytes& message, const Outcomes& expected,
                                          uint16_t queue) {
    const std::vector<Bytes> sent = exchange_counted(queue, datagram_from(from, message), expected);
    ASSERT_EQ(sent.size(), 1u) << "expected one DiscoverReply";
    expect_beacon_datagram(sent[0], from, discover_reply(from.endpoint()));
}

void BeaconFixture::expect_punch_commands(const Daemon& from, const Bytes& message, const Daemon& requester_at,
                                          const Daemon& target, uint16_t queue) {
    const std::vector<Bytes> sent = exchange_counted(queue, datagram_from(from, message), kPunched);
    ASSERT_EQ(sent.size(), 2u) << "expected two PunchCommands";
    {
        SCOPED_TRACE("first: the command to the requester");
        expect_beacon_datagram(sent[0], requester_at, punch_command(target.endpoint()));
    }
    SCOPED_TRACE("second: the command to the target");
    expect_beacon_datagram(sent[1], target, punch_command(requester_at.endpoint()));
}

void BeaconFixture::expect_relayed(const Daemon& from, uint32_t dest_id, const Bytes& payload, const Daemon& to,
                                   const Bytes& payload_out, const Outcomes& expected, uint16_t queue) {
    const std::vector<Bytes> sent =
        exchange_counted(queue, datagram_from(from, relay(from.id, dest_id, payload)), expected);
    ASSERT_EQ(sent.size(), 1u) << "expected one frame relayed";
    expect_beacon_datagram(sent[0], to, payload_out);
}

void BeaconFixture::expect_beacon_datagram(const Bytes& frame, const Daemon& to, const Bytes& payload) {
    const ParsedFrame parsed = parse_frame(frame);
    ASSERT_EQ(parsed.error, "");
    EXPECT_EQ(parsed.eth.dst, to.peer.mac);
    EXPECT_EQ(parsed.eth.src, our_mac());
    EXPECT_FALSE(parsed.eth.vlan_id.has_value());
    ASSERT_TRUE(parsed.ip && parsed.udp) << "not a UDP datagram";
    EXPECT_EQ(parsed.ip->version, to.family == net::Family::V4 ? 4 : 6);
    EXPECT_EQ(parsed.ip->src, our_address(to.family));
    EXPECT_EQ(parsed.ip->dst, to.address());
    EXPECT_EQ(parsed.ip->ttl, 64);
    EXPECT_TRUE(parsed.ip->header_checksum_ok);
    EXPECT_EQ(parsed.ip->fragment_field & 0x3fff, 0) << "a fragment";
    EXPECT_EQ(parsed.trailing_bytes, 0u);
    EXPECT_EQ(parsed.udp->src_port, dataplane().config().beacon.port);
    EXPECT_EQ(parsed.udp->dst_port, to.peer.port);
    EXPECT_EQ(parsed.udp->length, 8 + payload.size());
    EXPECT_TRUE(parsed.udp->checksum_ok);
    EXPECT_EQ(parsed.udp->payload, payload);
}

std::optional<tables::NodeView> BeaconFixture::node(uint32_t id) {
    tables::NodeView view;
    if (!dataplane().beacon().nodes.lookup(id, view)) return std::nullopt;
    return view;
}

}  // namespace pb::test
