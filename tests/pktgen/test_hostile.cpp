// tests/pktgen/test_hostile.cpp — each hostile variant breaks exactly what
// its name says, checked with the independent frame parser and the wire
// codec; the generator cycles through the configured variants.
#include <gtest/gtest.h>

#include <set>

#include "common/wire/decode.hpp"
#include "pktgen/hostile.hpp"
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
    Built build(HostileVariant v, uint64_t salt = 1) {
        const HostileInput in{
            .spec = {.src_mac = test::kOurMac,
                     .dst_mac = test::kBeaconMac,
                     .src = daemons_->endpoint(0),
                     .dst = {scenario_.beacon.address, scenario_.beacon.port},
                     .ip_id = 7},
            .sender = daemons_->node_id(0),
            .peer = daemons_->node_id(1),
            .decoy = daemons_->decoy_id(0),
            .probe = {.kind = ProbeKind::Hostile, .epoch = 1, .flow = 0, .seq = 9, .tsc = 1},
            .salt = salt};
        Built b;
        b.bytes.resize(kMaxHostileFrame);
        b.bytes.resize(write_hostile_frame(b.bytes, v, in));
        b.frame = pb::test::parse_frame(b.bytes);
        if (b.frame.udp) b.message = wire::decode(b.frame.udp->payload);
        return b;
    }

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
    const auto b = build(HostileVariant::OrphanFragment);
    ASSERT_TRUE(b.frame.ip);
    if (v6()) {
        EXPECT_EQ(b.frame.ip->protocol, 44);  // a Fragment header follows
        const std::size_t fh = 14 + 40;
        EXPECT_EQ(b.bytes[fh], 17);                       // then UDP
        EXPECT_EQ(b.bytes[fh + 2] << 8 | b.bytes[fh + 3], 1);  // offset 0, more fragments
    } else {
        EXPECT_EQ(b.frame.ip->fragment_field, 0x2000);  // MF, offset 0
        EXPECT_TRUE(b.frame.ip->header_checksum_ok);
    }
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
