// tests/dataplane/test_beacon_limits.cpp — the beacon's budgets (PROTOCOL.md
// §3, §8, §9), driven by the manual clock: the Discover reply budget per
// source IP; punch limits (10/s globally, 1/s per source IP, whitelisted
// sources exempt from both); the relay budget per transport source (ip:port,
// not IP, not sender id) in fixed windows starting at the first packet,
// exact across queues; and anti-reflection (no answer to a source that
// cannot be a daemon).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/beacon_fixture.hpp"

namespace pb::test {
namespace {

using net::Family;

constexpr uint64_t kNsPerS = 1'000'000'000ull;

class LimitFixture : public BeaconFixture, public ::testing::WithParamInterface<Family> {
protected:
    Daemon at(uint8_t peer_number, uint32_t id) const { return daemon(id, peer_number, GetParam()); }
    // Moves the manual clock to `ms` milliseconds after the harness's start.
    void set_clock_ms(uint64_t ms) {
        dataplane().clock().set(uint64_t(kTestClockStartS) * kNsPerS + ms * 1'000'000ull);
    }
};

// beacon.limits.reply_per_source_per_s = 3.
class ReplyBudget : public LimitFixture {
    void configure(config::Config& cfg) override { cfg.beacon.limits.reply_per_source_per_s = 3; }

protected:
    void expect_refused(const Daemon& from) {
        expect_silent(datagram_from(from, discover(from.id)),
                      {{"discover_received", 1}, {"discover_reply_budget", 1}});
    }
};

TEST_P(ReplyBudget, ThreeRepliesPerSecondPerSourceIp) {
    const Daemon a = at(2, 7001), same_host = with_port(at(2, 7002), 50000), other_host = at(3, 7003);
    for (int i = 0; i < 3; ++i) expect_discover_reply(a, discover(a.id), kDiscoverReplied, uint16_t(i % 2));
    expect_refused(a);
    expect_refused(same_host);  // per IP, not per socket
    expect_discover_reply(other_host, discover(other_host.id));
    dataplane().clock().advance_s(1);
    expect_discover_reply(same_host, discover(same_host.id));
}

INSTANTIATE_TEST_SUITE_P(Families, ReplyBudget, ::testing::ValuesIn(kFamilies), family_name);

// Punch limits with the defaults: 10 per second in all, 1 per second per IP.
class PunchLimits : public LimitFixture {
protected:
    void SetUp() override {
        LimitFixture::SetUp();
        register_node(target);
    }
    Daemon requester(uint8_t peer_number) const { return at(peer_number, 100u + peer_number); }
    void expect_punched(const Daemon& from) {
        expect_punch_commands(from, punch_request(from.id, target.id), from, target);
    }
    void expect_limited(const Daemon& from, const std::string& counter) {
        expect_silent(datagram_from(from, punch_request(from.id, target.id)), {{"punch_received", 1}, {counter, 1}});
    }

    const Daemon target = daemon(200, 3, Family::V4);
};

TEST_P(PunchLimits, TenPerSecondGlobally) {
    for (uint8_t n = 10; n < 20; ++n) expect_punched(requester(n));
    expect_limited(requester(20), "punch_rate_global");
    dataplane().clock().advance_s(1);
    expect_punched(requester(20));
}

TEST_P(PunchLimits, GlobalWindowStartsAtTheFirstPunch) {
    set_clock_ms(500);
    for (uint8_t n = 10; n < 20; ++n) expect_punched(requester(n));
    set_clock_ms(1499);
    expect_limited(requester(20), "punch_rate_global");
    set_clock_ms(1500);
    expect_punched(requester(21));
}

TEST_P(PunchLimits, OnePerSecondPerSourceIp) {
    const Daemon a = requester(10);
    expect_punched(a);
    expect_limited(a, "punch_rate_source");
    expect_limited(with_port(a, 50000), "punch_rate_source");
    expect_punched(requester(11));
    dataplane().clock().advance_s(1);
    expect_punched(a);
}

TEST_P(PunchLimits, SourceOverItsLimitDoesNotUseTheGlobalBudget) {
    const Daemon a = requester(10);
    expect_punched(a);
    for (int i = 0; i < 20; ++i) expect_limited(a, "punch_rate_source");
    for (uint8_t n = 11; n < 20; ++n) expect_punched(requester(n));
    expect_limited(requester(20), "punch_rate_global");
}

INSTANTIATE_TEST_SUITE_P(Families, PunchLimits, ::testing::ValuesIn(kFamilies), family_name);

// beacon.punch_whitelist: "*" exempts everybody.
class PunchWhitelistAll : public PunchLimits {
    void configure(config::Config& cfg) override { cfg.beacon.punch_whitelist = {"*"}; }
};

TEST_P(PunchWhitelistAll, NoLimitApplies) {
    for (int i = 0; i < 12; ++i) expect_punched(requester(10));
    for (uint8_t n = 11; n < 25; ++n) expect_punched(requester(n));
}

INSTANTIATE_TEST_SUITE_P(Families, PunchWhitelistAll, ::testing::ValuesIn(kFamilies), family_name);

// A specific address, in both families: 10.77.0.10 and fd77::a (peer 10).
class PunchWhitelistOne : public PunchLimits {
    void configure(config::Config& cfg) override { cfg.beacon.punch_whitelist = {"10.77.0.10", "fd77::a"}; }
};

TEST_P(PunchWhitelistOne, OnlyThatAddressIsExemptAndItUsesNoGlobalBudget) {
    for (int i = 0; i < 15; ++i) expect_punched(requester(10));
    const Daemon other = requester(11);
    expect_punched(other);
    expect_limited(other, "punch_rate_source");
    for (uint8_t n = 12; n < 21; ++n) expect_punched(requester(n));
    expect_limited(requester(21), "punch_rate_global");
    expect_punched(requester(10));
}

INSTANTIATE_TEST_SUITE_P(Families, PunchWhitelistOne, ::testing::ValuesIn(kFamilies), family_name);

// beacon.limits.relay_per_source_per_s = 3.
class RelayBudget : public LimitFixture {
    void configure(config::Config& cfg) override { cfg.beacon.limits.relay_per_source_per_s = 3; }

protected:
    void SetUp() override {
        LimitFixture::SetUp();
        register_node(dest);
    }
    void expect_delivered(const Daemon& from, uint16_t queue = 0) {
        expect_relay_delivered(from, dest, pattern_bytes(40, uint8_t(from.id)), queue);
    }
    void expect_over_budget(const Daemon& from, uint16_t queue = 0) {
        expect_silent(datagram_from(from, relay(from.id, dest.id, pattern_bytes(40))),
                      {{"relay_received", 1}, {"relay_over_budget", 1}}, queue);
    }

    const Daemon dest = daemon(200, 3, Family::V6);
    const Daemon sender = at(2, 100);
};

TEST_P(RelayBudget, PerTransportSourceNotPerIpNorSenderId) {
    for (int i = 0; i < 3; ++i) expect_delivered(sender);
    expect_over_budget(sender);
    Daemon claims_another_id = sender;
    claims_another_id.id = 101;
    expect_over_budget(claims_another_id);
    const Daemon second_socket = with_port(sender, 50000);
    for (int i = 0; i < 3; ++i) expect_delivered(second_socket);
    expect_over_budget(second_socket);
    expect_delivered(at(4, 102));
}

TEST_P(RelayBudget, FixedWindowStartsAtTheFirstRelay) {
    set_clock_ms(500);
    for (int i = 0; i < 3; ++i) expect_delivered(sender);
    set_clock_ms(1499);
    expect_over_budget(sender);
    set_clock_ms(1500);
    for (int i = 0; i < 3; ++i) expect_delivered(sender);
    expect_over_budget(sender);
}

TEST_P(RelayBudget, IsExactAcrossQueues) {
    expect_delivered(sender, 0);
    expect_delivered(sender, 1);
    expect_delivered(sender, 0);
    expect_over_budget(sender, 1);
    expect_over_budget(sender, 0);
}

TEST_P(RelayBudget, RelaysToUnknownDestinationsDoNotUseIt) {
    for (int i = 0; i < 5; ++i)
        expect_silent(datagram_from(sender, relay(sender.id, 999, pattern_bytes(10))),
                      {{"relay_received", 1}, {"relay_not_found", 1}});
    for (int i = 0; i < 3; ++i) expect_delivered(sender);
}

INSTANTIATE_TEST_SUITE_P(Families, RelayBudget, ::testing::ValuesIn(kFamilies), family_name);

// Anti-reflection (PROTOCOL.md §9 "Not a reflector"): a datagram whose IP
// source cannot be a daemon's (broadcast, multicast, unspecified, our own
// address) is dropped at L3 before the beacon sees it: never answered, and
// it registers nothing.
struct SpoofedSource : NamedCase<SpoofedSource> {
    Family family;
    std::string address;
};

const SpoofedSource kSpoofedSources[] = {
    {"V4LimitedBroadcast", Family::V4, "255.255.255.255"},
    {"V4SubnetBroadcast", Family::V4, "10.77.0.255"},
    {"V4Multicast", Family::V4, "224.0.0.1"},
    {"V4Unspecified", Family::V4, "0.0.0.0"},
    {"V4OurOwnAddress", Family::V4, "10.77.0.1"},
    {"V6Multicast", Family::V6, "ff02::1"},
    {"V6Unspecified", Family::V6, "::"},
    {"V6OurOwnAddress", Family::V6, "fd77::1"},
};

class Reflection : public BeaconFixture, public ::testing::WithParamInterface<SpoofedSource> {
protected:
    Daemon spoofed(uint32_t id) const {
        Daemon d = daemon(id, 2, GetParam().family);
        (GetParam().family == Family::V4 ? d.peer.ipv4 : d.peer.ipv6) = ip(GetParam().address);
        return d;
    }
    void expect_unanswered(const Bytes& frame, uint32_t id) {
        expect_silent(frame, {{"ip_bad_source", 1}});
        EXPECT_FALSE(node(id)) << "registered an endpoint that cannot be a daemon's";
    }
};

TEST_P(Reflection, DiscoverIsNotAnswered) {
    const Daemon source = spoofed(7001);
    expect_unanswered(datagram_from(source, discover(source.id)), source.id);
}

TEST_P(Reflection, PunchRequestIsNotAnswered) {
    const Daemon target = daemon(200, 3, GetParam().family), source = spoofed(100);
    register_node(target);
    expect_unanswered(datagram_from(source, punch_request(source.id, target.id)), source.id);
}

INSTANTIATE_TEST_SUITE_P(Sources, Reflection, ::testing::ValuesIn(kSpoofedSources), case_name);

}  // namespace
}  // namespace pb::test
