// tests/fuzz/fuzz_packet.cpp — libFuzzer target for the whole packet path:
// one Ethernet frame per input (see packet_inputs.hpp) injected into an
// in-process net_ring dataplane (tests/support), every worker polled until
// quiet, every transmitted frame and punt drained. Aborts when
//   * a transmitted frame is not from us (MAC, IP source, beacon port), is
//     larger than the MTU, does not parse, or carries a wrong checksum
//     (fragments are put back together and checked as one datagram);
//   * a punt carries an unknown reason;
//   * an mbuf is missing from the pool once everything is drained and the
//     reassemblers' 1 ms timeout has passed (each input stands alone).
// The EAL is initialised once per process (--no-huge, --no-pci, a file
// prefix of its own). State that legitimately outlives an input — nodes,
// rate-limit windows — is reset through the manual clock: the selector's
// clock step, then the control plane's reaping and sweeping.
#include <rte_byteorder.h>
#include <rte_mbuf.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "tests/fuzz/packet_inputs.hpp"
#include "tests/support/beacon_messages.hpp"
#include "tests/support/eal_environment.hpp"
#include "tests/support/frame_parser.hpp"
#include "tests/support/ip_fragments.hpp"
#include "tests/support/mbuf_frames.hpp"
#include "tests/support/test_dataplane.hpp"

namespace {

using namespace pb;
using namespace pb::test;
using namespace pb::test::fuzz;

constexpr std::size_t kMaxFrame = 16384;
constexpr unsigned kMaxPollRounds = 64;
constexpr auto kExpiryWait = std::chrono::milliseconds(200);

void require(bool holds, const char* what) {
    if (holds) return;
    std::fprintf(stderr, "fuzz_packet: %s\n", what);
    std::abort();
}

// Tables of 64 nodes (and 64 sources per limiter): one frame per input adds
// at most one, and the control plane's reaping and sweeping before every
// input scans every slot — with tables of 1,024 that scan (coverage-traced
// compares) took 95 % of each execution.
config::Config base_config() {
    config::Config cfg = ring_test_config();
    cfg.beacon.max_nodes = 64;
    cfg.dataplane.frag.max_datagrams = 64;
    cfg.dataplane.frag.max_held_mbufs = 256;
    cfg.dataplane.frag.timeout_ms = 1;
    return cfg;
}

config::Config strict_config() {
    config::Config cfg = base_config();
    cfg.beacon.strict_discover = true;
    cfg.beacon.require_punch_token = true;
    cfg.beacon.punch_whitelist = {"10.77.0.9", "fd77::9"};
    cfg.beacon.limits.max_relay_payload = 1024;
    cfg.beacon.limits.reply_per_source_per_s = 2;
    cfg.beacon.limits.relay_per_source_per_s = 3;
    return cfg;
}

tables::DiscoverUpdate route(uint32_t id, const TestPeer& peer, net::Family family, uint32_t now_s) {
    tables::DiscoverUpdate update;
    update.id = id;
    update.endpoint = {peer.address(family), peer.port, peer.mac};
    update.now_s = now_s;
    return update;
}

// The routes every input starts from (packet_inputs.hpp).
void install_routes(TestDataplane& d) {
    static const PublicKey key = SigningKey::from_seed(kNodeKeySeed).public_key;
    const uint32_t now = d.clock().now().s;
    dp::BeaconState& beacon = d.beacon();
    tables::DiscoverUpdate v4 = route(kNodeV4, test_peer(2), net::Family::V4, now);
    v4.public_key = key.data();
    tables::DiscoverUpdate v6 = route(kNodeV6, test_peer(3), net::Family::V6, now);
    v6.wants_dest = true;
    TestPeer peer_beacon = test_peer(kPeerBeaconHost);
    peer_beacon.port = kPeerBeaconPort;
    for (const tables::DiscoverUpdate& update : {v4, v6}) beacon.nodes.upsert(update);
    beacon.peer_nodes.upsert(route(kPeerNode, peer_beacon, net::Family::V4, now));
    beacon.wss_peers.upsert(route(kWssNode, test_peer(60), net::Family::V4, now));
    const net::Endpoint peers[] = {{peer_beacon.ipv4, kPeerBeaconPort}};
    beacon.peer_beacons.replace(peers);
}

// The control plane's periodic work, done before every input.
void advance(TestDataplane& d, ClockStep step) {
    static constexpr uint32_t kSeconds[] = {1, 0, 30, 601};
    d.clock().advance_s(kSeconds[unsigned(step)]);
    const dp::Now now = d.clock().now();
    dp::BeaconState& beacon = d.beacon();
    beacon.nodes.reap_all(now.s, d.config().beacon.timers.node_ttl_s);
    for (tables::WindowLimiter* limiter : {&beacon.relay_budget, &beacon.punch_per_ip, &beacon.reply_budget})
        limiter->sweep(now.ns);
    install_routes(d);
}

unsigned poll_until_quiet(TestDataplane& d) {
    unsigned total = 0;
    for (unsigned round = 0; round < kMaxPollRounds; ++round) {
        unsigned received = 0;
        for (std::size_t w = 0; w < d.worker_count(); ++w) received += d.worker(w).poll_once();
        if (received == 0) return total;
        total += received;
    }
    require(false, "frames still arriving after 64 polling rounds");
    return total;
}

bool is_fragment(const ParsedFrame& parsed) {
    return parsed.ip && ((parsed.ip->version == 4 && (parsed.ip->fragment_field & 0x3fff) != 0) ||
                         (parsed.ip->version == 6 && parsed.ip->protocol == 44));
}

bool is_ours(const net::IpAddress& address, const dp::LocalInterface& iface) {
    if (address.is_v4()) return std::memcmp(address.bytes.data(), &iface.ipv4, 4) == 0;
    return iface.owns_ipv6(address.bytes.data());
}

// A whole (unfragmented) IP datagram we sent: complete, from us, checksums right.
void check_datagram(const ParsedFrame& parsed, const dp::LocalInterface& iface) {
    require(parsed.error.empty(), "a transmitted frame does not parse");
    if (!parsed.ip) return;
    require(is_ours(parsed.ip->src, iface), "a transmitted IP packet is not from our address");
    require(parsed.ip->header_checksum_ok, "wrong IPv4 header checksum");
    if (parsed.udp) {
        require(parsed.udp->checksum_ok, "wrong UDP checksum");
        require(parsed.udp->src_port == rte_be_to_cpu_16(iface.beacon_port), "UDP not from the beacon port");
    }
    if (parsed.icmp) require(parsed.icmp->checksum_ok, "wrong ICMP checksum");
}

void check_transmitted(const std::vector<Bytes>& frames, const dp::LocalInterface& iface) {
    std::vector<Bytes> fragments;
    for (const Bytes& frame : frames) {
        require(frame.size() <= 18u + iface.mtu, "a transmitted frame exceeds the MTU");
        const ParsedFrame parsed = parse_frame(frame);
        require(parsed.eth.src == mac_of(iface.mac), "a transmitted frame is not from our MAC");
        if (!is_fragment(parsed)) {
            check_datagram(parsed, iface);
            continue;
        }
        require(parsed.ip->version == 6 || parsed.ip->header_checksum_ok, "wrong IPv4 fragment header checksum");
        fragments.push_back(frame);
    }
    if (fragments.empty()) return;
    // One input makes at most one datagram large enough to fragment.
    const Reassembly whole = reassemble_frames(fragments);
    require(whole.error.empty(), "the fragments sent do not make one datagram");
    check_datagram(parse_frame(whole.frame), iface);
}

void check_punts(TestDataplane& d) {
    for (std::size_t w = 0; w < d.worker_count(); ++w)
        for (const Punted& punt : d.drain_punts(w))
            require(punt.reason == dp::PuntReason::Sync || punt.reason == dp::PuntReason::WssRelay ||
                        punt.reason == dp::PuntReason::Neighbour,
                    "a punt with an unknown reason");
}

// Every mbuf back in the pool, once the reassemblers have expired what they hold.
void check_pool(TestDataplane& d) {
    const auto deadline = std::chrono::steady_clock::now() + kExpiryWait;
    while (!d.port().mempool_full() && std::chrono::steady_clock::now() < deadline) {
        usleep(1000);
        poll_until_quiet(d);
        for (uint16_t q = 0; q < d.port().queues(); ++q) require(d.port().drain_tx(q).empty(), "sent while expiring");
    }
    require(d.port().mempool_full(), "mbufs missing from the pool after draining");
}

class Harness {
public:
    Harness() : eal_("fuzz_packet") {
        eal_.SetUp();
        dataplanes_[0] = std::make_unique<TestDataplane>(base_config());
        dataplanes_[1] = std::make_unique<TestDataplane>(strict_config());
        for (auto& d : dataplanes_) install_routes(*d);
    }
    ~Harness() {
        for (auto& d : dataplanes_) d.reset();
        eal_.TearDown();
    }

    void run(uint8_t selector, std::span<const uint8_t> frame_bytes) {
        TestDataplane& d = *dataplanes_[(selector & kSelectStrict) ? 1 : 0];
        advance(d, ClockStep((selector >> kClockShift) & 3));
        Bytes frame(frame_bytes.begin(), frame_bytes.end());
        if (frame.size() >= 6 && std::equal(kOurMac.begin(), kOurMac.end(), frame.begin()))
            std::memcpy(frame.data(), d.port().mac().addr_bytes, 6);
        d.port().inject((selector & kSelectQueue1) ? 1 : 0, frame);
        poll_until_quiet(d);
        for (uint16_t q = 0; q < d.port().queues(); ++q) {
            require(d.port().rx_pending(q) == 0, "an injected frame was never polled");
            check_transmitted(d.port().drain_tx(q), d.iface());
        }
        check_punts(d);
        check_pool(d);
    }

private:
    EalEnvironment eal_;
    std::array<std::unique_ptr<TestDataplane>, 2> dataplanes_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    static Harness harness;
    if (size < 2 || size - 1 > kMaxFrame) return -1;  // no frame, or too large: not added to the corpus
    harness.run(data[0], std::span<const uint8_t>(data + 1, size - 1));
    return 0;
}
