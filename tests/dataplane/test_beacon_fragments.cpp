// tests/dataplane/test_beacon_fragments.cpp — relays larger than the MTU
// (PROTOCOL.md §9, ARCHITECTURE.md §3): fragments of one datagram arrive on
// different queues and out of order, are reassembled once by the owner
// worker, and the delivery leaves fragmented again to the port MTU, byte-exact
// once put back together. Hostile fragments (overlaps, duplicates, floods of
// datagrams that never complete) are counted, stay bounded, and leave every
// mbuf back in the pool.
#include <gtest/gtest.h>
#include <rte_mbuf.h>
#include <unistd.h>

#include <string>

#include "dataplane/frag/frag_counters.hpp"
#include "tests/support/beacon_fixture.hpp"
#include "tests/support/ip_fragments.hpp"

namespace pb::test {
namespace {

using net::Family;

constexpr std::size_t kMtu = 1500;

// The reassemblers' counters, summed over the workers, non-zero only.
Outcomes frag_outcomes(TestDataplane& d) {
    Outcomes outcomes;
    for (std::size_t w = 0; w < d.worker_count(); ++w) {
        const dp::frag::FragCounters& c = d.frag_counters(w);
#define PB_TEST_SUM_FRAG_COUNTER(field, ...) \
    if (const uint64_t v = c.field.read()) outcomes[#field] += v;
        PB_FRAG_COUNTERS(PB_TEST_SUM_FRAG_COUNTER)
#undef PB_TEST_SUM_FRAG_COUNTER
    }
    return outcomes;
}

// How many fragments of at most kMtu bytes a UDP datagram of `udp_length` bytes takes.
std::size_t fragments_for(Family family, std::size_t udp_length) {
    const std::size_t per_fragment = (kMtu - (family == Family::V4 ? 20 : 48)) / 8 * 8;
    return (udp_length + per_fragment - 1) / per_fragment;
}

class FragmentFixture : public BeaconFixture {
protected:
    // The whole relay frame `from` sends.
    Bytes relay_frame(const Daemon& from, const Daemon& to, const Bytes& payload) {
        return datagram_from(from, relay(from.id, to.id, payload));
    }
    // Injects `fragments` last first, alternating queues, and polls.
    void inject_scattered(const std::vector<Bytes>& fragments) {
        for (std::size_t i = fragments.size(); i-- > 0;) inject(uint16_t(i % 2), fragments[i]);
        dataplane().poll_all();
    }
    // Everything sent since the last drain must be one fragmented delivery of
    // relay_deliver(from.id, payload) to `to`.
    void expect_one_fragmented_delivery(const Daemon& from, const Daemon& to, const Bytes& payload) {
        const std::vector<Bytes> sent = drain_all_tx();
        const Bytes expected = relay_deliver(from.id, payload);
        EXPECT_EQ(sent.size(), fragments_for(to.family, 8 + expected.size()));
        const Reassembly whole = reassemble_frames(sent);
        ASSERT_EQ(whole.error, "");
        EXPECT_LE(whole.largest_ip_packet, kMtu);
        expect_beacon_datagram(whole.frame, to, expected);
    }
    // Returns every mbuf the reassemblers still hold: waits out their
    // timeout and polls until they have expired everything.
    void expire_held_fragments(unsigned timeout_ms) {
        usleep((timeout_ms + 50) * 1000);
        for (int i = 0; i < 64 && !dataplane().port().mempool_full(); ++i) dataplane().poll_all();
        EXPECT_TRUE(dataplane().port().mempool_full());
    }
};

struct LargeRelay : NamedCase<LargeRelay> {
    Family sender, dest;
    std::size_t payload;
};

const LargeRelay kLargeRelays[] = {
    {"V4Segment4KiB", Family::V4, Family::V4, 4096},
    {"V6Frame16KiB", Family::V6, Family::V6, 16384},
    {"V4To6Segment4KiB", Family::V4, Family::V6, 4096},
    {"V6To4Frame16KiB", Family::V6, Family::V4, 16384},
    {"V4Largest", Family::V4, Family::V4, 65507 - 9},
    {"V6OneByteOverTheMtu", Family::V6, Family::V6, 1500 - 40 - 8 - 5 + 1},
};

class LargeRelayFragments : public FragmentFixture, public ::testing::WithParamInterface<LargeRelay> {
protected:
    const Daemon sender = daemon(100, 2, GetParam().sender);
    const Daemon dest = daemon(200, 3, GetParam().dest);
    const Bytes payload = pattern_bytes(GetParam().payload, 0x5a);
};

TEST_P(LargeRelayFragments, ArriveOnBothQueuesOutOfOrderAndAreDeliveredOnceRefragmented) {
    register_node(sender, std::nullopt, false, 1);
    register_node(dest, std::nullopt, false, 0);
    const std::vector<Bytes> fragments = fragment_frame(relay_frame(sender, dest, payload), kMtu, 0x1234);
    const CounterSnapshot before = counters();
    inject_scattered(fragments);
    const std::size_t out = fragments_for(dest.family, 8 + 5 + payload.size());
    EXPECT_EQ(counters().outcomes_since(before),
              (Outcomes{{"relay_received", 1}, {"relay_forwarded_local", 1}, {"fragments_sent", out}}));
    EXPECT_EQ(frag_outcomes(dataplane()), (Outcomes{{"fragments", fragments.size()}, {"reassembled", 1}}));
    expect_one_fragmented_delivery(sender, dest, payload);
}

TEST_P(LargeRelayFragments, DuplicateFragmentIsDroppedAndTheDeliveryStillArrivesOnce) {
    register_node(dest);
    std::vector<Bytes> fragments = fragment_frame(relay_frame(sender, dest, payload), kMtu, 0x1234);
    // The first fragment twice, on both queues, before the others.
    for (uint16_t queue : {0, 1}) {
        inject(queue, fragments.front());
        dataplane().poll_all();
    }
    fragments.erase(fragments.begin());
    inject_scattered(fragments);
    EXPECT_EQ(frag_outcomes(dataplane()),
              (Outcomes{{"fragments", fragments.size() + 2}, {"duplicate", 1}, {"reassembled", 1}}));
    expect_one_fragmented_delivery(sender, dest, payload);
}

INSTANTIATE_TEST_SUITE_P(Sizes, LargeRelayFragments, ::testing::ValuesIn(kLargeRelays), case_name);

// A jumbo MTU above what one mbuf holds, on a port that cannot send mbuf
// chains (net_ring, like net_af_xdp): a relay under the MTU but larger than
// an mbuf, and one over the MTU, leave in fragments that each fit one mbuf,
// never as a chain the port would have to linearise (it cannot: dropped).
class JumboMtu : public FragmentFixture, public ::testing::WithParamInterface<std::size_t> {
protected:
    static constexpr uint32_t kJumboMtu = 9000;
    void configure(config::Config& cfg) override { cfg.port.mtu = kJumboMtu; }
};

TEST_P(JumboMtu, LargeRelayLeavesInFragmentsThatFitOneMbuf) {
    const Daemon sender = daemon(100, 2, Family::V4), dest = daemon(200, 3, Family::V6);
    register_node(sender);
    register_node(dest);
    const Bytes payload = pattern_bytes(GetParam(), 0x5a);
    const CounterSnapshot before = counters();
    inject_scattered(fragment_frame(relay_frame(sender, dest, payload), kMtu, 0x1234));
    const Outcomes outcomes = counters().outcomes_since(before);
    EXPECT_EQ(outcomes.count("tx_linearize_failed"), 0u);
    EXPECT_EQ(outcomes.count("relay_forwarded_local"), 1u);
    const std::vector<Bytes> sent = drain_all_tx();
    const std::size_t mbuf_room = rte_pktmbuf_data_room_size(dataplane().port().pool()) - RTE_PKTMBUF_HEADROOM;
    for (const Bytes& frame : sent) EXPECT_LE(frame.size() - 14, mbuf_room);
    const Reassembly whole = reassemble_frames(sent);
    ASSERT_EQ(whole.error, "");
    expect_beacon_datagram(whole.frame, dest, relay_deliver(sender.id, payload));
}

INSTANTIATE_TEST_SUITE_P(UnderAndOverTheMtu, JumboMtu, ::testing::Values(std::size_t(4096), std::size_t(16384)));

// Requests are small, but PROTOCOL.md §1 lets a Discover carry any tail
// (ignored) and a PunchRequest bytes after its grant: such a datagram larger
// than the MTU arrives fragmented and is still a valid request.
class FragmentedRequest : public FragmentFixture, public ::testing::WithParamInterface<Family> {
protected:
    static Bytes with_tail(Bytes message) {
        const Bytes tail = pattern_bytes(3000, 0x44);
        message.insert(message.end(), tail.begin(), tail.end());
        return message;
    }
    // Injects `message` from `from`, fragmented over both queues, and
    // returns what was sent; exactly `expected` outcomes.
    std::vector<Bytes> send_fragmented(const Daemon& from, const Bytes& message, const Outcomes& expected) {
        const CounterSnapshot before = counters();
        inject_scattered(fragment_frame(datagram_from(from, message), kMtu, 0x99));
        EXPECT_EQ(counters().outcomes_since(before), expected);
        return drain_all_tx();
    }

    const Daemon requester = daemon(100, 2, GetParam());
    const Daemon target = daemon(200, 3, GetParam());
};

TEST_P(FragmentedRequest, DiscoverWithALongTailIsAnswered) {
    const std::vector<Bytes> sent = send_fragmented(requester, with_tail(discover(requester.id)), kDiscoverReplied);
    ASSERT_EQ(sent.size(), 1u);
    expect_beacon_datagram(sent[0], requester, discover_reply(requester.endpoint()));
}

TEST_P(FragmentedRequest, PunchRequestWithALongTailGetsItsCommands) {
    register_node(target);
    const std::vector<Bytes> sent =
        send_fragmented(requester, with_tail(punch_request(requester.id, target.id)), kPunched);
    ASSERT_EQ(sent.size(), 2u);
    expect_beacon_datagram(sent[0], requester, punch_command(target.endpoint()));
    expect_beacon_datagram(sent[1], target, punch_command(requester.endpoint()));
}

INSTANTIATE_TEST_SUITE_P(Families, FragmentedRequest, ::testing::ValuesIn(kFamilies), family_name);

// Incomplete datagrams expire after 200 ms (not 2 s), so that tests can wait for it.
class HostileFragments : public FragmentFixture, public ::testing::WithParamInterface<Family> {
protected:
    static constexpr unsigned kTimeoutMs = 200;
    void configure(config::Config& cfg) override { cfg.dataplane.frag.timeout_ms = kTimeoutMs; }

    const Daemon sender = daemon(100, 2, GetParam());
    const Daemon dest = daemon(200, 3, GetParam());
    const Bytes payload = pattern_bytes(4096, 0x33);
};

TEST_P(HostileFragments, OverlapDropsTheWholeDatagram) {
    register_node(dest);
    const Bytes whole = relay_frame(sender, dest, payload);
    const CounterSnapshot before = counters();
    inject(0, fragment_at(whole, 0, 1448, true, 7));
    inject(1, fragment_at(whole, 1000, 1448, true, 7));
    inject(0, fragment_at(whole, 2448, 4096 + 17 - 2448, false, 7));
    dataplane().poll_all();
    EXPECT_EQ(drain_all_tx().size(), 0u);
    EXPECT_EQ(counters().outcomes_since(before), Outcomes{});
    const Outcomes frag = frag_outcomes(dataplane());
    EXPECT_EQ(frag.at("overlap"), 1u);
    // The fragment after the overlap starts a datagram that never completes.
    expire_held_fragments(kTimeoutMs);
    // The same relay sent again, whole, is delivered once.
    inject_scattered(fragment_frame(whole, kMtu, 8));
    expect_one_fragmented_delivery(sender, dest, payload);
}

INSTANTIATE_TEST_SUITE_P(Families, HostileFragments, ::testing::ValuesIn(kFamilies), family_name);

// Small reassembly limits: 16 datagrams and 64 held fragments per worker.
class FragmentFlood : public HostileFragments {
    void configure(config::Config& cfg) override {
        HostileFragments::configure(cfg);
        cfg.dataplane.frag.max_datagrams = 16;
        cfg.dataplane.frag.max_held_mbufs = 64;
    }

protected:

    // `datagrams` relays of which only the first `sent_fragments` fragments
    // arrive; returns the fragments injected.
    std::size_t flood(unsigned datagrams, std::size_t sent_fragments) {
        const Bytes whole = relay_frame(sender, dest, pattern_bytes(16384));
        std::size_t injected = 0;
        for (unsigned id = 0; id < datagrams; ++id) {
            const std::vector<Bytes> fragments = fragment_frame(whole, kMtu, 0x10000 + id);
            for (std::size_t i = 0; i < sent_fragments; ++i, ++injected) inject(uint16_t(i % 2), fragments[i]);
        }
        dataplane().poll_all();
        EXPECT_EQ(drain_all_tx().size(), 0u);
        return injected;
    }
    uint64_t dropped_datagrams() {
        const Outcomes frag = frag_outcomes(dataplane());
        uint64_t dropped = 0;
        for (const char* reason : {"evicted_table_full", "evicted_mbuf_limit", "timeout"})
            if (frag.contains(reason)) dropped += frag.at(reason);
        return dropped;
    }
    // A genuine relay still gets through, and every held fragment is freed in the end.
    void expect_survived() {
        register_node(dest);
        inject_scattered(fragment_frame(relay_frame(sender, dest, payload), kMtu, 0x7777));
        expect_one_fragmented_delivery(sender, dest, payload);
        expire_held_fragments(kTimeoutMs);
    }
};

TEST_P(FragmentFlood, FirstFragmentsOnlyAreBoundedByTheDatagramTable) {
    const std::size_t injected = flood(200, 1);
    const unsigned held = dataplane().port().mbufs_in_use();
    EXPECT_LE(held, 2u * 16);
    EXPECT_EQ(frag_outcomes(dataplane()).at("fragments"), injected);
    EXPECT_GT(frag_outcomes(dataplane()).at("evicted_table_full"), 0u);
    EXPECT_EQ(dropped_datagrams(), 200u - held);
    expect_survived();
}

TEST_P(FragmentFlood, ManyFragmentsEachAreBoundedByTheMbufLimit) {
    const std::size_t injected = flood(40, 8);
    EXPECT_LE(dataplane().port().mbufs_in_use(), 2u * 64);
    EXPECT_EQ(frag_outcomes(dataplane()).at("fragments"), injected);
    EXPECT_GT(frag_outcomes(dataplane()).at("evicted_mbuf_limit"), 0u);
    expect_survived();
}

INSTANTIATE_TEST_SUITE_P(Families, FragmentFlood, ::testing::ValuesIn(kFamilies), family_name);

}  // namespace
}  // namespace pb::test
