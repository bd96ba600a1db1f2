// tests/pktgen/test_hostile.cpp — each hostile variant breaks exactly what
// its name says, checked with the independent frame parser and the wire
// codec; the generator cycles through the configured variants, sends both
// fragments of an overlapping pair from one daemon and spoofs the
// configured victims.
#include <gtest/gtest.h>

#include <set>

#include "common/wire/decode.hpp"
#include "pktgen/hostile.hpp"
#include "pktgen/neighbour.hpp"
#include "pktgen_test_support.hpp"
#include "tests/support/frame_parser.hpp"

namespace pb::pktgen {
namespace {

using test::small_scenario;

class Hostile : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override {
        scenario_ = small_scenario(GetParam());
        daemons_.emplace(scenario_.daemons);
    }

    bool v6() const { return scenario_.ipv6(); }

    // The variant's frame, its parse and the beacon message decode (if a UDP payload was found).
    struct Built {
        std::vector<uint8_t> bytes;
        pb::test::ParsedFrame frame;
        std::optional<wire::Result<wire::Message>> message;
    };
    Built build(HostileVariant v, uint64_t salt = 1, uint64_t index = 0) {
        const HostileInput in{
            .spec = {.src_mac = test::kOurMac,
                     .dst_mac = test::kBeaconMac,
                     .src = daemons_->endpoint(0),
                     .dst = {scenario_.beacon.address, scenario_.beacon.port},
                     .ip_id = 7},
            .sender = daemons_->node_id(0),
            .peer = daemons_->node_id(1),
            .decoy = daemons_->decoy_id(0),
            .victim = kVictim,
            .probe = {.kind = ProbeKind::Hostile, .epoch = 1, .flow = 0, .seq = 9, .tsc = 1},
            .salt = salt,
            .index = index};
        Built b;
        b.bytes.resize(kMaxHostileFrame);
        b.bytes.resize(write_hostile_frame(b.bytes, v, in));
        b.frame = pb::test::parse_frame(b.bytes);
        if (b.frame.udp) b.message = wire::decode(b.frame.udp->payload);
        return b;
    }

    // The UDP bytes (header included) a fragment carries, and its offset and More Fragments flag.
    struct Piece {
        std::vector<uint8_t> bytes;
        std::size_t offset = 0;
        bool more = false;
        uint32_t id = 0;
    };
    Piece piece(const Built& b) const {
        Piece p;
        const std::size_t l3 = 14;
        if (v6()) {
            EXPECT_EQ(b.bytes[l3 + 6], 44);  // Fragment header
            const std::size_t fh = l3 + 40;
            EXPECT_EQ(b.bytes[fh], 17);
            const uint16_t field = uint16_t(b.bytes[fh + 2] << 8 | b.bytes[fh + 3]);
            p.offset = field & 0xfff8;
            p.more = field & 1;
            p.id = uint32_t(b.bytes[fh + 4]) << 24 | uint32_t(b.bytes[fh + 5]) << 16 | b.bytes[fh + 6] << 8 |
                   b.bytes[fh + 7];
            const std::size_t payload_len = std::size_t(b.bytes[l3 + 4] << 8 | b.bytes[l3 + 5]);
            p.bytes.assign(b.bytes.begin() + long(fh + 8), b.bytes.begin() + long(l3 + 40 + payload_len));
        } else {
            EXPECT_TRUE(b.frame.ip->header_checksum_ok);
            p.offset = std::size_t(b.frame.ip->fragment_field & 0x1fff) * 8;
            p.more = b.frame.ip->fragment_field & 0x2000;
            p.id = uint32_t(b.bytes[l3 + 4] << 8 | b.bytes[l3 + 5]);
            p.bytes.assign(b.bytes.begin() + long(l3 + 20), b.bytes.begin() + long(l3 + b.frame.ip->total_len));
        }
        EXPECT_EQ(b.bytes.size() - 14 - (v6() ? 48 : 20), p.bytes.size()) << "the frame ends with the piece";
        return p;
    }

    static constexpr uint32_t kVictim = 0x7e57;
    Scenario scenario_;
    std::optional<DaemonSet> daemons_;
};

wire::Error error_of(const std::optional<wire::Result<wire::Message>>& m) {
    EXPECT_TRUE(m && !m->ok());
    return m && !m->ok() ? m->error() : wire::Error::Empty;
}

TEST_P(Hostile, EmptyPayload) {
    const auto b = build(HostileVariant::EmptyPayload);
    EXPECT_TRUE(b.frame.error.empty()) << b.frame.error;
    EXPECT_TRUE(b.frame.udp->checksum_ok);
    EXPECT_EQ(error_of(b.message), wire::Error::Empty);
}

TEST_P(Hostile, TruncatedMessages) {
    for (uint64_t salt = 0; salt < 8; ++salt) {
        for (HostileVariant v : {HostileVariant::TypeOnly, HostileVariant::TruncatedRelay,
                                 HostileVariant::ShortDiscover}) {
            const auto b = build(v, salt);
            EXPECT_TRUE(b.frame.udp->checksum_ok);
            EXPECT_EQ(error_of(b.message), wire::Error::TooShort) << int(v) << " salt " << salt;
        }
    }
}

TEST_P(Hostile, UnknownTypesAreNeverStun) {
    for (uint64_t salt = 0; salt < 12; ++salt) {
        const auto b = build(HostileVariant::UnknownType, salt);
        EXPECT_EQ(error_of(b.message), wire::Error::UnknownType);
        EXPECT_NE(b.frame.udp->payload[0], 0x00);
    }
}

TEST_P(Hostile, ReplyTypesAreWellFormedButGoTheWrongWay) {
    std::set<std::size_t> kinds;
    for (uint64_t salt = 0; salt < 4; ++salt) {
        const auto b = build(HostileVariant::ReplyTypes, salt);
        ASSERT_TRUE(b.message && b.message->ok());
        kinds.insert(b.message->value().index());
    }
    // Variant indexes of DiscoverReply, PunchCommand, RelayDeliver, RelayDeliverDest.
    EXPECT_EQ(kinds, (std::set<std::size_t>{1, 3, 5, 8}));
}

TEST_P(Hostile, Syncs) {
    const auto stranger = build(HostileVariant::SyncFromStranger);
    ASSERT_TRUE(stranger.message && stranger.message->ok());
    const auto& sync = std::get<wire::Sync>(stranger.message->value());
    EXPECT_EQ(sync.count(), 3u);
    EXPECT_EQ(sync.id(0), daemons_->decoy_id(0));
    EXPECT_EQ(error_of(build(HostileVariant::SyncCountMismatch).message), wire::Error::CountMismatch);
}

TEST_P(Hostile, Checksums) {
    const auto udp = build(HostileVariant::BadUdpChecksum);
    EXPECT_FALSE(udp.frame.udp->checksum_ok);
    EXPECT_NE(udp.frame.udp->checksum, 0);
    EXPECT_TRUE(udp.frame.ip->header_checksum_ok);
    const auto ip = build(HostileVariant::BadIpChecksum);
    if (v6()) {
        EXPECT_FALSE(ip.frame.udp->checksum_ok);  // IPv6 has no header checksum: the UDP one breaks
    } else {
        EXPECT_FALSE(ip.frame.ip->header_checksum_ok);
        EXPECT_TRUE(ip.frame.udp->checksum_ok);
    }
}

TEST_P(Hostile, Lengths) {
    const auto overrun = build(HostileVariant::IpLengthOverrun);
    EXPECT_EQ(overrun.frame.error, "IP length field outside the frame");
    if (!v6()) {
        EXPECT_TRUE(overrun.frame.ip->header_checksum_ok);
    }
    const auto mismatch = build(HostileVariant::UdpLengthMismatch);
    EXPECT_EQ(mismatch.frame.error, "UDP length differs from the IP payload length");
}

TEST_P(Hostile, WrongPort) {
    const auto b = build(HostileVariant::WrongPort);
    EXPECT_NE(b.frame.udp->dst_port, scenario_.beacon.port);
    EXPECT_TRUE(b.frame.udp->checksum_ok);
    ASSERT_TRUE(b.message && b.message->ok());
    EXPECT_TRUE(std::holds_alternative<wire::Discover>(b.message->value()));
}

TEST_P(Hostile, OrphanFragment) {
    const auto whole = build(HostileVariant::BadUdpChecksum);  // the relay, before its checksum broke
    for (uint64_t index : {0, 1, 4097}) {
        const Piece p = piece(build(HostileVariant::OrphanFragment, 1, index));
        EXPECT_EQ(p.offset, 0u);
        EXPECT_TRUE(p.more);
        EXPECT_EQ(p.id, 0xf000u | (index & 0xfff));
        EXPECT_EQ(p.bytes.size(), whole.frame.udp->length / 8u * 8u);  // its whole 8-byte blocks
        EXPECT_EQ(p.bytes.size() % 8, 0u);
        EXPECT_LT(p.bytes.size(), whole.frame.udp->length);  // so the datagram never completes
    }
}

TEST_P(Hostile, OverlappingFragmentsComeInPairsThatOverlap) {
    for (uint64_t pair : {0, 7}) {
        const Piece first = piece(build(HostileVariant::OverlappingFragment, 1, 2 * pair));
        const Piece last = piece(build(HostileVariant::OverlappingFragment, 2, 2 * pair + 1));
        EXPECT_EQ(first.id, last.id);
        EXPECT_EQ(first.id, pair);
        EXPECT_LT(first.id, 0xf000u);  // never an orphan's id
        EXPECT_EQ(first.offset, 0u);
        EXPECT_TRUE(first.more);
        EXPECT_EQ(first.bytes.size(), 48u);
        EXPECT_EQ(last.offset, 40u);
        EXPECT_FALSE(last.more);
        ASSERT_GT(last.bytes.size(), 8u);
        // Bytes 40..47 of the datagram are in both, and agree.
        EXPECT_TRUE(std::equal(first.bytes.begin() + 40, first.bytes.end(), last.bytes.begin()));
    }
}

TEST_P(Hostile, ArpFloodCyclesRequestsForUsForOthersAndUnaskedAnswers) {
    const net::IpAddress beacon = scenario_.beacon.address;
    std::set<Mac> macs;
    for (uint64_t index = 0; index < 6; ++index) {
        const auto b = build(HostileVariant::ArpFlood, 1, index);
        const auto msg = parse_neighbour(b.bytes);
        ASSERT_TRUE(msg) << index;
        EXPECT_EQ(b.frame.eth.ether_type, v6() ? 0x86dd : 0x0806);
        EXPECT_EQ(b.frame.eth.src[0], 0x02);
        EXPECT_NE(b.frame.eth.src, test::kOurMac);
        macs.insert(b.frame.eth.src);
        EXPECT_EQ(msg->sender_mac, b.frame.eth.src);
        switch (index % 3) {
            case 0: EXPECT_TRUE(msg->request); EXPECT_EQ(msg->target, beacon); break;
            case 1: EXPECT_TRUE(msg->request); EXPECT_NE(msg->target, beacon); break;
            default:
                EXPECT_FALSE(msg->request);
                EXPECT_EQ(b.frame.eth.dst, test::kBeaconMac);
                EXPECT_NE(msg->target, beacon);
        }
        EXPECT_NE(msg->request ? msg->sender : msg->target, daemons_->address(0)) << "a spoofed address";
    }
    EXPECT_EQ(macs.size(), 6u);  // a new MAC each time
}

TEST_P(Hostile, SpoofedDiscoverAndPunchClaimTheVictimFromAnotherPort) {
    for (uint64_t index : {0, 1, 3999, 4000}) {
        const auto discover = build(HostileVariant::SpoofedDiscover, 1, index);
        ASSERT_TRUE(discover.message && discover.message->ok());
        EXPECT_EQ(std::get<wire::Discover>(discover.message->value()).id, kVictim);
        const auto punch = build(HostileVariant::SpoofedPunch, 1, index);
        ASSERT_TRUE(punch.message && punch.message->ok());
        const auto& request = std::get<wire::PunchRequest>(punch.message->value());
        EXPECT_EQ(request.requester, kVictim);
        EXPECT_EQ(request.target, daemons_->node_id(1));
        for (const auto* b : {&discover, &punch}) {
            EXPECT_TRUE(b->frame.udp->checksum_ok);
            EXPECT_EQ(b->frame.ip->src, daemons_->address(0));
            EXPECT_EQ(b->frame.udp->src_port, kSpoofedPortFirst + index % kSpoofedPortCount);
            EXPECT_NE(b->frame.udp->src_port, daemons_->endpoint(0).port);
        }
    }
}

TEST_P(Hostile, GeneratorSendsAnOverlappingPairFromOneDaemonAndSpoofsTheVictims) {
    test::Rig rig(small_scenario(GetParam(), "traffic: { mix: { hostile: 1 }, hostile: { variants: "
                                             "[overlapping_fragment, spoofed_discover], victims: [77, 78] } }\n"));
    std::vector<net::IpAddress> sources;
    std::vector<uint32_t> claimed;
    for (int i = 0; i < 8; ++i) {
        const BuiltPacket built = rig.generator.next(rig.buffer, 0);
        ASSERT_EQ(built.kind, Kind::Hostile);
        const auto frame = pb::test::parse_frame(std::span(rig.buffer).first(built.length));
        ASSERT_TRUE(frame.ip);
        if (i % 2 == 0) {
            EXPECT_EQ(built.variant, HostileVariant::OverlappingFragment);
            sources.push_back(frame.ip->src);
        } else {
            EXPECT_EQ(built.variant, HostileVariant::SpoofedDiscover);
            const auto m = wire::decode(frame.udp->payload);
            ASSERT_TRUE(m.ok());
            claimed.push_back(std::get<wire::Discover>(m.value()).id);
        }
    }
    EXPECT_EQ(sources[0], sources[1]);  // one pair, one daemon
    EXPECT_EQ(sources[2], sources[3]);
    EXPECT_NE(sources[0], sources[2]);  // the next pair from the next daemon
    EXPECT_EQ(claimed, (std::vector<uint32_t>{77, 78, 77, 78}));
}

TEST_P(Hostile, GeneratorCyclesThroughTheConfiguredVariants) {
    test::Rig rig(small_scenario(GetParam(), "traffic: { mix: { hostile: 1 }, hostile: { variants: [wrong_port, "
                                             "bad_udp_checksum] } }\n"));
    for (int i = 0; i < 6; ++i) {
        const BuiltPacket built = rig.generator.next(rig.buffer, 0);
        ASSERT_EQ(built.kind, Kind::Hostile);
        const auto frame = pb::test::parse_frame(std::span(rig.buffer).first(built.length));
        ASSERT_TRUE(frame.udp);
        if (i % 2 == 0) EXPECT_NE(frame.udp->dst_port, 9001);
        else EXPECT_FALSE(frame.udp->checksum_ok);
    }
}

INSTANTIATE_TEST_SUITE_P(Family, Hostile, ::testing::Values("v4", "v6"));

}  // namespace
}  // namespace pb::pktgen
