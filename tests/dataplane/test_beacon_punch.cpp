// tests/dataplane/test_beacon_punch.cpp — PunchRequest (PROTOCOL.md §3):
// PunchCommand(target) to the requester, then PunchCommand(requester) to the
// target, in that order in the TX ring; the requester's endpoint moves at
// once; unknown peers get nothing; strict mode keeps a keyed requester where
// it is; and with beacon.require_punch_token every invalid grant looks
// exactly like an unknown target: no packet.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/support/beacon_fixture.hpp"
#include "tests/support/byte_io.hpp"

namespace pb::test {
namespace {

using net::Family;

class Punch : public DaemonPairFixture {
protected:
    const Daemon& requester = first;
    const Daemon& target = second;
};

TEST_P(Punch, BothCommandsRequesterFirst) {
    register_both();
    expect_punch_commands(requester, punch_request(requester.id, target.id), requester, target);
}

TEST_P(Punch, CommandBytesAreIplenAddressPort) {
    register_both();
    const std::vector<Bytes> sent = exchange(0, datagram_from(requester, punch_request(requester.id, target.id)));
    ASSERT_EQ(sent.size(), 2u);
    Bytes to_requester{0x04, target.address().wire_length()};
    append_address(to_requester, target.address());
    append_be<uint16_t>(to_requester, target.peer.port);
    EXPECT_EQ(parse_frame(sent[0]).udp->payload, to_requester);
}

TEST_P(Punch, CommandsLeaveOnTheQueueTheRequestArrivedOn) {
    register_node(requester, std::nullopt, false, 1);
    register_node(target, std::nullopt, false, 0);
    expect_punch_commands(requester, punch_request(requester.id, target.id), requester, target, 1);
}

TEST_P(Punch, RequesterEndpointMovesAtOnce) {
    register_both();
    dataplane().clock().advance_s(1);
    // Well inside the 30 s Discover interval.
    const Daemon moved{.id = requester.id, .peer = test_peer(4), .family = GetParam().from};
    expect_punch_commands(moved, punch_request(requester.id, target.id), moved, target);
    EXPECT_EQ(node(requester.id)->endpoint, endpoint_of(moved));
}

TEST_P(Punch, UnregisteredRequesterIsRegisteredByItsRequest) {
    register_node(target);
    expect_punch_commands(requester, punch_request(requester.id, target.id), requester, target);
    EXPECT_EQ(node(requester.id)->endpoint, endpoint_of(requester));
}

TEST_P(Punch, UnknownTargetGetsNothing) {
    register_node(requester);
    expect_silent(datagram_from(requester, punch_request(requester.id, 999)),
                  {{"punch_received", 1}, {"punch_not_found", 1}});
}

TEST_P(Punch, FewerThanEightBytesAreIgnored) {
    register_both();
    Bytes message = punch_request(requester.id, target.id);
    message.pop_back();
    expect_silent(datagram_from(requester, message), {{"punch_received", 1}, {"punch_malformed", 1}});
    expect_silent(datagram_from(requester, Bytes{0x03}), {{"punch_received", 1}, {"punch_malformed", 1}});
}

TEST_P(Punch, TrailerIsIgnoredWhenTokensAreNotRequired) {
    register_both();
    Bytes message = punch_request(requester.id, target.id);
    append(message, pattern_bytes(30));
    expect_punch_commands(requester, message, requester, target);
}

INSTANTIATE_TEST_SUITE_P(Families, Punch, ::testing::ValuesIn(kFamilyPairs), family_pair_name);

// beacon.strict_discover covers the punch path too.
class StrictPunch : public BeaconFixture {
    void configure(config::Config& cfg) override { cfg.beacon.strict_discover = true; }

protected:
    void SetUp() override {
        BeaconFixture::SetUp();
        register_node(requester, key.public_key);
        register_node(target);
        dataplane().clock().advance_s(1);
    }

    const SigningKey key = SigningKey::from_seed(9);
    const Daemon requester = daemon(100, 2);
    const Daemon target = daemon(200, 3);
    const Daemon hijacker = daemon(100, 4);
};

TEST_F(StrictPunch, KeyedRequesterIsNotMovedIsCountedKeyPinnedAndCommandsUseItsPinnedEndpoint) {
    Outcomes expected = kPunched;
    expected["discover_pinned"] = 1;
    const std::vector<Bytes> sent =
        send_counted(0, datagram_from(hijacker, punch_request(requester.id, target.id)), expected);
    EXPECT_EQ(node(requester.id)->endpoint, endpoint_of(requester));
    ASSERT_EQ(sent.size(), 2u);
    expect_beacon_datagram(sent[0], requester, punch_command(target.endpoint()));
    expect_beacon_datagram(sent[1], target, punch_command(requester.endpoint()));
}

// beacon.require_punch_token: the trailer must be a valid grant of the target.
struct GrantCase : NamedCase<GrantCase> {
    // The PunchRequest `requester` sends for `target` at Unix time `now`;
    // `target_key` is the key the target registered.
    std::function<Bytes(uint32_t requester, uint32_t target, int64_t now, const SigningKey& target_key)> message;
    bool authorised;
    uint32_t target_id = 200;  // 200: registered with target_key; 201: registered without a key; else unknown
};

Bytes signed_request(uint32_t requester, uint32_t target, int64_t expiry, const SigningKey& key) {
    return punch_request(requester, target, expiry, sign_punch_grant(key, requester, target, expiry));
}

const GrantCase kGrantCases[] = {
    {"Valid", [](uint32_t r, uint32_t t, int64_t now, const SigningKey& k) { return signed_request(r, t, now + 60, k); }, true},
    {"ExpiresThisSecond", [](uint32_t r, uint32_t t, int64_t now, const SigningKey& k) { return signed_request(r, t, now, k); }, true},
    {"TailAfterTheTrailerIgnored", [](uint32_t r, uint32_t t, int64_t now, const SigningKey& k) {
         Bytes m = signed_request(r, t, now + 5, k);
         append(m, pattern_bytes(7));
         return m;
     }, true},
    {"Expired", [](uint32_t r, uint32_t t, int64_t now, const SigningKey& k) { return signed_request(r, t, now - 1, k); }, false},
    {"WrongKey", [](uint32_t r, uint32_t t, int64_t now, const SigningKey&) {
         return signed_request(r, t, now + 60, SigningKey::from_seed(99));
     }, false},
    {"BadSignature", [](uint32_t r, uint32_t t, int64_t now, const SigningKey& k) {
         Signature s = sign_punch_grant(k, r, t, now + 60);
         s[17] ^= 0x01;
         return punch_request(r, t, now + 60, s);
     }, false},
    {"SignedForAnotherRequester", [](uint32_t r, uint32_t t, int64_t now, const SigningKey& k) {
         return punch_request(r, t, now + 60, sign_punch_grant(k, r + 1, t, now + 60));
     }, false},
    {"SignedForAnotherExpiry", [](uint32_t r, uint32_t t, int64_t now, const SigningKey& k) {
         return punch_request(r, t, now + 61, sign_punch_grant(k, r, t, now + 60));
     }, false},
    {"MissingTrailer", [](uint32_t r, uint32_t t, int64_t, const SigningKey&) { return punch_request(r, t); }, false},
    {"IncompleteTrailer", [](uint32_t r, uint32_t t, int64_t now, const SigningKey& k) {
         Bytes m = signed_request(r, t, now + 60, k);
         m.pop_back();
         return m;
     }, false},
    {"OneTrailerByte", [](uint32_t r, uint32_t t, int64_t, const SigningKey&) {
         Bytes m = punch_request(r, t);
         m.push_back(0);
         return m;
     }, false},
    {"UnknownTarget", [](uint32_t r, uint32_t t, int64_t now, const SigningKey& k) { return signed_request(r, t, now + 60, k); }, false, 999},
    {"TargetWithoutKey", [](uint32_t r, uint32_t t, int64_t now, const SigningKey& k) { return signed_request(r, t, now + 60, k); }, false, 201},
};

class PunchGrant : public BeaconFixture, public ::testing::WithParamInterface<GrantCase> {
    void configure(config::Config& cfg) override { cfg.beacon.require_punch_token = true; }

protected:
    const SigningKey target_key = SigningKey::from_seed(1);
    const Daemon requester = daemon(100, 2);
    const Daemon target = daemon(200, 3, Family::V6);
    const Daemon keyless = daemon(201, 4);
};

TEST_P(PunchGrant, OnlyAValidGrantOfTheTargetGetsCommands) {
    register_node(requester);
    register_node(target, target_key.public_key);
    register_node(keyless);
    const GrantCase& c = GetParam();
    const Bytes message = c.message(requester.id, c.target_id, now_unix_s(), target_key);
    if (c.authorised) {
        expect_punch_commands(requester, message, requester, target);
        return;
    }
    // No packet at all, exactly as for an unknown target.
    expect_silent(datagram_from(requester, message), {{"punch_received", 1}, {"punch_unauthorised", 1}});
}

INSTANTIATE_TEST_SUITE_P(Grants, PunchGrant, ::testing::ValuesIn(kGrantCases), case_name);

}  // namespace
}  // namespace pb::test
