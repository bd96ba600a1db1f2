// tests/pktgen/test_builders.cpp — the frames pilot-pktgen builds, taken
// apart by the dataplane tests' independent frame parser (lengths,
// checksums) and the project's wire codec (build → parse → equal); the
// receive-side parser and ARP/ND on the same frames; the daemon set's
// address arithmetic.
#include <gtest/gtest.h>

#include <set>

#include "common/wire/decode.hpp"
#include "pktgen/messages.hpp"
#include "pktgen/neighbour.hpp"
#include "pktgen/rx_parse.hpp"
#include "pktgen_test_support.hpp"
#include "tests/support/frame_parser.hpp"

namespace pb::pktgen {
namespace {

using test::kBeaconMac;
using test::kOurMac;
using test::Rig;
using test::small_scenario;

struct Taken {
    pb::test::ParsedFrame frame;
    wire::Message message;
};

// Parses a generated frame to a beacon message, checking every header on the way.
Taken take_apart(std::span<const uint8_t> bytes, const Scenario& s) {
    Taken t{pb::test::parse_frame(bytes), wire::Discover{}};
    EXPECT_TRUE(t.frame.error.empty()) << t.frame.error;
    EXPECT_EQ(t.frame.eth.src, kOurMac);
    EXPECT_EQ(t.frame.eth.dst, kBeaconMac);
    EXPECT_TRUE(t.frame.ip.has_value());
    EXPECT_TRUE(t.frame.udp.has_value());
    if (!t.frame.ip || !t.frame.udp) return t;
    EXPECT_TRUE(t.frame.ip->header_checksum_ok);
    EXPECT_EQ(t.frame.ip->dst, s.beacon.address);
    EXPECT_EQ(t.frame.udp->dst_port, s.beacon.port);
    EXPECT_TRUE(t.frame.udp->checksum_ok);
    EXPECT_EQ(t.frame.trailing_bytes, 0u);
    const auto decoded = wire::decode(t.frame.udp->payload);
    EXPECT_TRUE(decoded.ok());
    if (decoded.ok()) t.message = *decoded;
    return t;
}

class Builders : public ::testing::TestWithParam<const char*> {};

TEST_P(Builders, DiscoverForEveryDaemon) {
    Rig rig(small_scenario(GetParam()));
    for (uint32_t d = 0; d < rig.daemons.size(); ++d) {
        const std::size_t n = rig.generator.discover(rig.buffer, d);
        const Taken t = take_apart(std::span(rig.buffer).first(n), rig.scenario);
        ASSERT_TRUE(std::holds_alternative<wire::Discover>(t.message));
        EXPECT_EQ(std::get<wire::Discover>(t.message).id, rig.daemons.node_id(d));
        EXPECT_FALSE(std::get<wire::Discover>(t.message).public_key);
        EXPECT_EQ(t.frame.ip->src, rig.daemons.address(d));
        EXPECT_EQ(t.frame.udp->src_port, rig.daemons.port(d));
    }
}

TEST_P(Builders, DiscoverExWhenConfigured) {
    Scenario s = small_scenario(GetParam());
    s.daemons.discover_ex = true;
    Rig ex(s);
    const std::size_t n = ex.generator.discover(ex.buffer, 1);
    const Taken t = take_apart(std::span(ex.buffer).first(n), ex.scenario);
    ASSERT_TRUE(std::holds_alternative<wire::DiscoverEx>(t.message));
    EXPECT_EQ(std::get<wire::DiscoverEx>(t.message).id, ex.daemons.node_id(1));
}

TEST_P(Builders, RelaysCarryTheProbeAndThePattern) {
    for (uint32_t payload : {28u, 64u, 1400u}) {
        Scenario s = small_scenario(GetParam());
        s.traffic.relay.payload_bytes = payload;
        Rig rig(s);
        for (int i = 0; i < 20; ++i) {
            const BuiltPacket built = rig.generator.next(rig.buffer, 1000 + i);
            ASSERT_EQ(built.kind, Kind::Relay);
            const Taken t = take_apart(std::span(rig.buffer).first(built.length), rig.scenario);
            ASSERT_TRUE(std::holds_alternative<wire::Relay>(t.message));
            const auto& relay = std::get<wire::Relay>(t.message);
            EXPECT_EQ(relay.sender, rig.daemons.node_id(built.sender));
            EXPECT_NE(relay.dest, relay.sender);
            ASSERT_EQ(relay.payload.size(), payload);
            const auto probe = Probe::read(relay.payload);
            ASSERT_TRUE(probe);
            EXPECT_EQ(probe->kind, ProbeKind::Relay);
            EXPECT_EQ(probe->epoch, 3);
            EXPECT_EQ(probe->flow, built.sender);
            EXPECT_EQ(probe->tsc, uint64_t(1000 + i));
            EXPECT_EQ(probe->seq, rig.generator.relays_sent_by(built.sender) - 1);
            for (std::size_t b = Probe::kSize; b < payload; ++b) ASSERT_EQ(relay.payload[b], pattern_byte(b)) << b;
        }
    }
}

TEST_P(Builders, SequenceNumbersCountUpPerSender) {
    Rig rig(small_scenario(GetParam()));
    std::vector<uint64_t> next(rig.daemons.size(), 0);
    for (int i = 0; i < 100; ++i) {
        const BuiltPacket built = rig.generator.next(rig.buffer, 0);
        const auto t = take_apart(std::span(rig.buffer).first(built.length), rig.scenario);
        const auto probe = Probe::read(std::get<wire::Relay>(t.message).payload);
        ASSERT_TRUE(probe);
        EXPECT_EQ(probe->seq, next[built.sender]++);
    }
    // Round robin over the senders: each sent the same number.
    for (std::size_t d = 0; d < next.size(); ++d) EXPECT_EQ(next[d], d < 100 % 8 ? 13u : 12u) << d;
}

TEST_P(Builders, NotFoundPunchAndFreshDiscover) {
    Rig rig(small_scenario(GetParam(), "traffic: { mix: { not_found: 1, punch: 1, discover: 1 },"
                                       " discover: { fresh_ids: true } }\n"));
    std::set<uint32_t> daemon_ids;
    for (uint32_t d = 0; d < rig.daemons.size(); ++d) daemon_ids.insert(rig.daemons.node_id(d));
    std::set<Kind> seen;
    for (int i = 0; i < 300; ++i) {
        const BuiltPacket built = rig.generator.next(rig.buffer, 5);
        seen.insert(built.kind);
        const Taken t = take_apart(std::span(rig.buffer).first(built.length), rig.scenario);
        const uint32_t sender_id = rig.daemons.node_id(built.sender);
        switch (built.kind) {
            case Kind::NotFound: {
                const auto& relay = std::get<wire::Relay>(t.message);
                EXPECT_EQ(relay.sender, sender_id);
                EXPECT_FALSE(daemon_ids.contains(relay.dest));
                EXPECT_EQ(Probe::read(relay.payload)->kind, ProbeKind::NotFound);
                break;
            }
            case Kind::Punch: {
                const auto& punch = std::get<wire::PunchRequest>(t.message);
                EXPECT_EQ(punch.requester, sender_id);
                EXPECT_TRUE(daemon_ids.contains(punch.target));
                EXPECT_NE(punch.target, punch.requester);
                EXPECT_TRUE(std::holds_alternative<wire::NoGrant>(punch.trailer));
                break;
            }
            case Kind::Discover:
                EXPECT_FALSE(daemon_ids.contains(std::get<wire::Discover>(t.message).id));
                break;
            default: ADD_FAILURE() << "unexpected kind";
        }
    }
    EXPECT_EQ(seen.size(), 3u);
}

TEST_P(Builders, ReceiveParserFindsTheBeaconMessage) {
    Rig rig(small_scenario(GetParam()));
    const BuiltPacket built = rig.generator.next(rig.buffer, 0);
    const RxFrame rx = parse_rx_frame(std::span(rig.buffer).first(built.length));
    ASSERT_EQ(rx.kind, RxKind::Udp);
    EXPECT_EQ(rx.ipv6, rig.scenario.ipv6());
    EXPECT_EQ(rx.dst_port, 9001);
    EXPECT_EQ(rx.src_port, rig.daemons.port(built.sender));
    EXPECT_EQ(rig.daemons.daemon_at(rx.src_ip, rx.ipv6, rx.src_port), built.sender);
    EXPECT_FALSE(rx.fragment);
    EXPECT_EQ(rx.payload.size(), relay_size(64));
    EXPECT_EQ(rx.payload[0], uint8_t(wire::MsgType::Relay));
}

TEST_P(Builders, NeighbourRequestsAndAnswers) {
    const Scenario s = small_scenario(GetParam());
    const DaemonSet daemons(s.daemons);
    std::array<uint8_t, kMaxNeighbourFrame> request{}, answer{};
    const std::size_t n = write_neighbour_request(request, kOurMac, daemons.address(0), s.beacon.address);
    const auto parsed_request = parse_neighbour(std::span(request).first(n));
    ASSERT_TRUE(parsed_request);
    EXPECT_TRUE(parsed_request->request);
    EXPECT_EQ(parsed_request->target, s.beacon.address);
    EXPECT_EQ(parsed_request->sender, daemons.address(0));
    EXPECT_EQ(parsed_request->sender_mac, kOurMac);
    const auto frame = pb::test::parse_frame(std::span(request).first(n));
    if (s.ipv6()) {
        ASSERT_TRUE(frame.icmp);
        EXPECT_TRUE(frame.icmp->checksum_ok);
        EXPECT_EQ(frame.ip->ttl, 255);
        EXPECT_EQ(frame.eth.dst, pb::test::ipv6_multicast_mac(pb::test::solicited_node_group(s.beacon.address)));
    } else {
        ASSERT_TRUE(frame.arp);
        EXPECT_EQ(frame.eth.dst, pb::test::kBroadcastMac);
    }
    // The beacon answers: the generator learns its MAC from the answer.
    NeighbourMessage asked = *parsed_request;
    const std::size_t m = write_neighbour_answer(answer, kBeaconMac, {.request = true, .target = s.beacon.address,
                                                                       .sender = asked.sender, .sender_mac = kOurMac});
    const auto parsed_answer = parse_neighbour(std::span(answer).first(m));
    ASSERT_TRUE(parsed_answer);
    EXPECT_FALSE(parsed_answer->request);
    EXPECT_EQ(parsed_answer->target, s.beacon.address);
    EXPECT_EQ(parsed_answer->sender_mac, kBeaconMac);
    const auto answer_frame = pb::test::parse_frame(std::span(answer).first(m));
    EXPECT_EQ(answer_frame.eth.dst, kOurMac);
    if (s.ipv6()) {
        ASSERT_TRUE(answer_frame.icmp);
        EXPECT_TRUE(answer_frame.icmp->checksum_ok);
        const auto advert = pb::test::parse_neighbour_advert(*answer_frame.icmp);
        ASSERT_TRUE(advert);
        EXPECT_TRUE(advert->solicited);
        EXPECT_EQ(advert->target_link_layer, kBeaconMac);
    } else {
        ASSERT_TRUE(answer_frame.arp);
        EXPECT_EQ(answer_frame.arp->opcode, pb::test::kArpReply);
        EXPECT_EQ(answer_frame.arp->tpa, daemons.address(0));
    }
}

INSTANTIATE_TEST_SUITE_P(Family, Builders, ::testing::Values("v4", "v6"));

TEST(Builders, UdpChecksumCanBeLeftOutOverIpv4) {
    Rig rig(small_scenario("v4", "traffic: { udp_checksum: false }\n"));
    const BuiltPacket built = rig.generator.next(rig.buffer, 0);
    const auto frame = pb::test::parse_frame(std::span(rig.buffer).first(built.length));
    ASSERT_TRUE(frame.udp);
    EXPECT_EQ(frame.udp->checksum, 0);
}

TEST(Daemons, AddressesPortsAndIdsRoundTrip) {
    const Scenario s = small_scenario("v4");
    const DaemonSet d(s.daemons);
    std::set<std::pair<std::string, uint16_t>> endpoints;
    for (uint32_t i = 0; i < d.size(); ++i) {
        EXPECT_TRUE(endpoints.insert({d.address(i).to_string(), d.port(i)}).second);
        EXPECT_EQ(d.daemon_at(d.address(i).bytes.data(), false, d.port(i)), i);
        EXPECT_EQ(d.node_id(i), 1000000 + i);
    }
    EXPECT_EQ(d.address(0).to_string(), "10.9.0.100");
    EXPECT_EQ(d.address(5).to_string(), "10.9.0.101");
    EXPECT_EQ(d.port(5), 40001);
    const auto outside = *net::IpAddress::parse("10.9.0.104");
    EXPECT_FALSE(d.address_index(outside.bytes.data(), false));
    EXPECT_FALSE(d.daemon_at(d.address(0).bytes.data(), false, 40002));
    EXPECT_FALSE(d.daemon_at(d.address(0).bytes.data(), true, 40000));
}

TEST(Daemons, ScatteredIdsStayDistinctAndApartFromTheOthers) {
    DaemonsConfig cfg;
    cfg.count = 50000;
    cfg.addresses = {*net::IpAddress::parse("10.0.0.1"), 1000};
    cfg.node_ids.scattered = true;
    const DaemonSet d(cfg);
    std::set<uint32_t> ids;
    for (uint32_t i = 0; i < cfg.count; ++i) ids.insert(d.node_id(i));
    for (uint64_t k = 0; k < 1000; ++k) {
        ids.insert(d.fresh_id(k));
        ids.insert(d.unknown_id(k));
        ids.insert(d.decoy_id(k));
    }
    EXPECT_EQ(ids.size(), 53000u);
}

TEST(Daemons, Ipv6RangesVaryTheLastBits) {
    const Scenario s = small_scenario("v6");
    const DaemonSet d(s.daemons);
    EXPECT_EQ(d.address(3).to_string(), "fd00::103");
    EXPECT_EQ(d.daemon_at(d.address(7).bytes.data(), true, d.port(7)), 7u);
}

}  // namespace
}  // namespace pb::pktgen
