// tests/fuzz/write_packet_corpus.cpp — writes fuzz_packet's seed corpus, one
// file per representative frame (packet_inputs.hpp: a selector byte, then
// the frame), into the directory named on the command line:
//   write_packet_corpus tests/fuzz/corpus/packet
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/fuzz/packet_inputs.hpp"
#include "tests/support/beacon_messages.hpp"
#include "tests/support/frame_builder.hpp"
#include "tests/support/ip_fragments.hpp"
#include "tests/support/test_dataplane.hpp"
#include "tests/unit/wire/stun_vectors.hpp"

namespace {

using namespace pb;
using namespace pb::test;
using namespace pb::test::fuzz;
using net::Family;

constexpr uint16_t kBeaconPort = 9001;
constexpr int64_t kGrantExpiry = kTestUnixEpoch + 100'000'000;  // far beyond any fuzzing run

const net::IpAddress& our_address(Family family) {
    static const net::IpAddress v4 = ip("10.77.0.1"), v6 = ip("fd77::1");
    return family == Family::V4 ? v4 : v6;
}

FrameBuilder to_us(const TestPeer& from, Family family) {
    FrameBuilder builder;
    builder.eth_src(from.mac).eth_dst(kOurMac).ip(from.address(family), our_address(family));
    return builder;
}

Bytes beacon(const TestPeer& from, Family family, Bytes message) {
    return to_us(from, family).udp(from.port, kBeaconPort, std::move(message)).build();
}

Bytes stun(std::span<const uint8_t> message) { return {message.begin(), message.end()}; }

TestPeer peer_beacon() {
    TestPeer peer = test_peer(kPeerBeaconHost);
    peer.port = kPeerBeaconPort;
    return peer;
}

struct Input {
    std::string name;
    uint8_t selector;
    Bytes frame;
};

std::vector<Input> inputs() {
    const TestPeer a = test_peer(10), b = test_peer(11);
    const SigningKey node_key = SigningKey::from_seed(kNodeKeySeed);
    const Bytes payload = pattern_bytes(64);
    const Bytes big_v4 = beacon(a, Family::V4, relay(10, kNodeV4, pattern_bytes(4096)));
    const Bytes big_v6 = beacon(b, Family::V6, relay(11, kNodeV6, pattern_bytes(16384)));
    const std::vector<Bytes> v4_fragments = fragment_frame(big_v4, 1500, 0x4711);
    const Bytes small_v6 = beacon(b, Family::V6, relay(11, kNodeV4, payload));
    const uint8_t strict = kSelectStrict, queue1 = kSelectQueue1;
    return {
        {"arp_request", 0,
         FrameBuilder().eth_src(a.mac).eth_dst(kBroadcastMac).arp(arp_request(a.mac, a.ipv4, our_address(Family::V4))).build()},
        {"icmp_echo_v4", 0, to_us(a, Family::V4).icmp_echo(7, 1, pattern_bytes(56)).build()},
        {"icmp_echo_v6", queue1, to_us(b, Family::V6).icmp_echo(7, 1, pattern_bytes(56)).build()},
        {"neighbour_solicitation", 0,
         FrameBuilder().eth_src(b.mac).eth_dst(ipv6_multicast_mac(solicited_node_group(our_address(Family::V6))))
             .ip(b.ipv6, solicited_node_group(our_address(Family::V6)))
             .neighbour_solicitation(our_address(Family::V6), b.mac).build()},
        {"discover_v4", 0, beacon(a, Family::V4, discover(10))},
        {"discover_v6", queue1, beacon(b, Family::V6, discover(11))},
        {"discover_ex_key_v4", strict, beacon(a, Family::V4, discover_ex(12, node_key.public_key))},
        {"discover_vlan_tagged", 0, to_us(a, Family::V4).vlan(100).udp(a.port, kBeaconPort, discover(10)).build()},
        {"punch_v4", 0, beacon(a, Family::V4, punch_request(10, kNodeV4))},
        {"punch_v6", queue1, beacon(b, Family::V6, punch_request(11, kNodeV6))},
        {"punch_grant_v4", strict,
         beacon(a, Family::V4,
                punch_request(10, kNodeV4, kGrantExpiry, sign_punch_grant(node_key, 10, kNodeV4, kGrantExpiry)))},
        {"relay_v4_to_v4", 0, beacon(a, Family::V4, relay(10, kNodeV4, payload))},
        {"relay_v4_to_v6_dest", queue1, beacon(a, Family::V4, relay(10, kNodeV6, payload))},
        {"relay_v6_to_v4", strict, small_v6},
        {"relay_to_peer_beacon", 0, beacon(a, Family::V4, relay(10, kPeerNode, payload))},
        {"relay_from_peer_beacon", 0, beacon(peer_beacon(), Family::V4, relay(10, kPeerNode, payload))},
        {"relay_to_wss_peer", 0, beacon(a, Family::V4, relay(10, kWssNode, payload))},
        {"relay_not_found", 0, beacon(a, Family::V4, relay(10, 999, payload))},
        {"stun_binding_v4", 0, beacon(a, Family::V4, stun(wire::golden::kStunBindingRequest))},
        {"stun_binding_fingerprint_v6", queue1,
         beacon(b, Family::V6, stun(wire::golden::kStunBindingRequestWithFingerprint))},
        {"stun_unknown_attribute_v4", 0, beacon(a, Family::V4, stun(wire::golden::kStunRequestChangeRequest))},
        {"sync_from_peer_beacon", 0, [] {
             const uint32_t ids[] = {20, 21, 22};
             return beacon(peer_beacon(), Family::V4, sync(77, ids));
         }()},
        {"fragment_v4_first", 0, v4_fragments.front()},
        {"fragment_v4_middle", queue1, v4_fragments.at(1)},
        {"fragment_v4_last", 0, v4_fragments.back()},
        {"fragment_v6_first", queue1, fragment_frame(big_v6, 1500, 0x4712).front()},
        {"fragment_v6_atomic", 0, fragment_at(small_v6, 0, 8 + 9 + payload.size(), false, 0x4713)},
    };
}

bool write(const std::filesystem::path& file, const Input& input) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.put(char(input.selector));
    out.write(reinterpret_cast<const char*>(input.frame.data()), std::streamsize(input.frame.size()));
    return bool(out);
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() != 1) {
        std::fputs("usage: write_packet_corpus <corpus directory>\n", stderr);
        return 2;
    }
    const std::filesystem::path directory = args.front();
    std::filesystem::create_directories(directory);
    int failures = 0;
    for (const Input& input : inputs()) {
        if (write(directory / input.name, input)) continue;
        std::fprintf(stderr, "cannot write %s\n", (directory / input.name).c_str());
        ++failures;
    }
    return failures == 0 ? 0 : 1;
}
