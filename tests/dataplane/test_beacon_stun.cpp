// tests/dataplane/test_beacon_stun.cpp — standard STUN on the beacon port
// (RFC 8489, PROTOCOL.md §9), both families: a Binding request is answered
// from our beacon port to its source, in the same frame, with the observed
// endpoint in XOR-MAPPED-ADDRESS and FINGERPRINT exactly when the request
// had one (byte for byte the codec's golden replies, RFC 5769's addresses);
// 400 and 420 answers; indications consumed; every malformed shape a
// counted drop; and the per-source reply budget shared with Discover.
#include <gtest/gtest.h>

#include <string>

#include "common/wire/stun.hpp"
#include "tests/support/beacon_fixture.hpp"
#include "tests/unit/wire/stun_vectors.hpp"

namespace pb::test {
namespace {

using net::Family;
namespace golden = wire::golden;

Bytes bytes(std::span<const uint8_t> view) { return {view.begin(), view.end()}; }

Outcomes replied(const std::string& response_counter) {
    return {{"stun_received", 1}, {response_counter, 1}};
}

// A daemon at RFC 5769's sample address of the test's family, port 32853,
// so that replies are byte for byte the codec's golden vectors.
Daemon rfc5769_client(Family family) {
    Daemon d = daemon(0, 2, family);
    d.peer.ipv4 = *net::IpAddress::parse("192.0.2.1");
    d.peer.ipv6 = *net::IpAddress::parse("2001:db8:1234:5678:11:2233:4455:6677");
    d.peer.port = 32853;
    return d;
}

class StunTest : public BeaconFixture, public ::testing::WithParamInterface<Family> {
protected:
    // Sends `request` from `from` on `queue` and expects exactly `expected`
    // outcomes and one reply on that queue: `reply`, to `from`.
    void expect_stun_reply(const Daemon& from, std::span<const uint8_t> request, std::span<const uint8_t> reply,
                           const Outcomes& expected, uint16_t queue = 0) {
        const std::vector<Bytes> sent = exchange_counted(queue, datagram_from(from, bytes(request)), expected);
        ASSERT_EQ(sent.size(), 1u) << "expected one STUN reply";
        expect_beacon_datagram(sent[0], from, bytes(reply));
    }

    const Daemon client = rfc5769_client(GetParam());
    std::span<const uint8_t> success_with_fingerprint() const {
        return GetParam() == Family::V4 ? std::span<const uint8_t>(golden::kStunSuccessV4WithFingerprint)
                                        : std::span<const uint8_t>(golden::kStunSuccessV6WithFingerprint);
    }
};

class Stun : public StunTest {};

TEST_P(Stun, BindingRequestWithFingerprintGetsTheObservedEndpointAndAFingerprint) {
    expect_stun_reply(client, golden::kStunBindingRequestWithFingerprint, success_with_fingerprint(),
                      replied("stun_replied_success"));
}

TEST_P(Stun, BindingRequestWithoutFingerprintGetsNone) {
    const std::vector<Bytes> sent = exchange_counted(0, datagram_from(client, bytes(golden::kStunBindingRequest)),
                                                     replied("stun_replied_success"));
    ASSERT_EQ(sent.size(), 1u);
    const ParsedFrame reply = parse_frame(sent[0]);
    ASSERT_TRUE(reply.udp);
    EXPECT_FALSE(wire::stun::find_attribute(reply.udp->payload, wire::stun::attr::kFingerprint));
    if (GetParam() == Family::V4) expect_beacon_datagram(sent[0], client, bytes(golden::kStunSuccessV4));
}

TEST_P(Stun, XorMappedAddressIsTheSourceOfEachClient) {
    for (uint8_t peer_number : {3, 4}) {
        const Daemon other = with_port(daemon(0, peer_number, GetParam()), uint16_t(40000 + peer_number));
        const std::vector<Bytes> sent = exchange_counted(
            0, datagram_from(other, bytes(golden::kStunBindingRequest)), replied("stun_replied_success"));
        ASSERT_EQ(sent.size(), 1u);
        const ParsedFrame reply = parse_frame(sent[0]);
        ASSERT_TRUE(reply.udp);
        const auto mapped = wire::stun::find_attribute(reply.udp->payload, wire::stun::attr::kXorMappedAddress);
        ASSERT_TRUE(mapped);
        wire::stun::TransactionId id;
        std::copy(std::begin(golden::kStunTransactionId), std::end(golden::kStunTransactionId), id.begin());
        EXPECT_EQ(wire::stun::read_xor_address(*mapped, id), other.endpoint());
        EXPECT_EQ(reply.ip->dst, other.address());
        EXPECT_EQ(reply.udp->dst_port, other.peer.port);
    }
}

TEST_P(Stun, IsAnsweredOnTheQueueItArrivedOn) {
    expect_stun_reply(client, golden::kStunBindingRequestWithFingerprint, success_with_fingerprint(),
                      replied("stun_replied_success"), 1);
}

TEST_P(Stun, RegistersNoNode) {
    expect_stun_reply(client, golden::kStunBindingRequestWithFingerprint, success_with_fingerprint(),
                      replied("stun_replied_success"));
    EXPECT_EQ(dataplane().beacon().nodes.size(), 0u);
}

TEST_P(Stun, MessageIntegrityGets400) {
    expect_stun_reply(client, golden::kStunRfc5769Request, golden::kStunBadRequestReply, replied("stun_replied_400"));
}

TEST_P(Stun, UnknownComprehensionRequiredAttributeGets420) {
    expect_stun_reply(client, golden::kStunRequestChangeRequest, golden::kStunUnknownAttributeReply,
                      replied("stun_replied_420"));
}

TEST_P(Stun, IndicationIsConsumedSilently) {
    expect_silent(datagram_from(client, bytes(golden::kStunBindingIndication)), replied("stun_indications"));
}

struct DropCase : NamedCase<DropCase> {
    std::span<const uint8_t> message;
    std::string counter;
};

class StunDrop : public StunTest {};

TEST_P(StunDrop, EveryShapeIsACountedDrop) {
    const DropCase cases[] = {
        {{"too_short"}, golden::kStunTooShort, "stun_malformed"},
        {{"single_zero_byte"}, std::span<const uint8_t>(golden::kStunTooShort).first(1), "stun_malformed"},
        {{"length_beyond_datagram"}, golden::kStunLengthBeyondDatagram, "stun_malformed"},
        {{"datagram_beyond_length"}, golden::kStunDatagramBeyondLength, "stun_malformed"},
        {{"length_not_multiple_of_4"}, golden::kStunLengthNotMultipleOf4, "stun_malformed"},
        {{"attribute_overrun"}, golden::kStunAttributeOverrun, "stun_malformed"},
        {{"classic_rfc3489"}, golden::kStunClassic, "stun_no_cookie"},
        {{"wrong_fingerprint"}, golden::kStunWrongFingerprint, "stun_bad_fingerprint"},
        {{"fingerprint_not_last"}, golden::kStunFingerprintNotLast, "stun_bad_fingerprint"},
        {{"fingerprint_wrong_size"}, golden::kStunFingerprintWrongSize, "stun_bad_fingerprint"},
        {{"allocate_request"}, golden::kStunAllocateRequest, "stun_unsupported"},
    };
    for (const DropCase& c : cases) {
        SCOPED_TRACE(c.name);
        expect_silent(datagram_from(client, bytes(c.message)), replied(c.counter));
    }
}

INSTANTIATE_TEST_SUITE_P(Families, Stun, ::testing::ValuesIn(kFamilies), family_name);
INSTANTIATE_TEST_SUITE_P(Families, StunDrop, ::testing::ValuesIn(kFamilies), family_name);

// beacon.limits.reply_per_source_per_s = 3, shared by Discover and STUN.
class StunReplyBudget : public StunTest {
    void configure(config::Config& cfg) override { cfg.beacon.limits.reply_per_source_per_s = 3; }
};

TEST_P(StunReplyBudget, SharedWithDiscoverPerSourceIp) {
    const Daemon node = with_port(daemon(7001, 2, GetParam()), 40001);
    const Daemon same_host_stun = with_port(daemon(0, 2, GetParam()), 40002);
    const Daemon other_host = daemon(0, 3, GetParam());
    const Bytes request = bytes(golden::kStunBindingRequest);
    const Outcomes refused{{"stun_received", 1}, {"stun_reply_budget", 1}};

    expect_discover_reply(node, discover(node.id));
    for (int i = 0; i < 2; ++i)
        EXPECT_EQ(exchange_counted(0, datagram_from(same_host_stun, request), replied("stun_replied_success")).size(),
                  1u);
    expect_silent(datagram_from(same_host_stun, request), refused);
    expect_silent(datagram_from(node, discover(node.id)), {{"discover_received", 1}, {"discover_reply_budget", 1}});
    EXPECT_EQ(exchange_counted(0, datagram_from(other_host, request), replied("stun_replied_success")).size(), 1u);
    dataplane().clock().advance_s(1);
    EXPECT_EQ(exchange_counted(0, datagram_from(same_host_stun, request), replied("stun_replied_success")).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Families, StunReplyBudget, ::testing::ValuesIn(kFamilies), family_name);

}  // namespace
}  // namespace pb::test
