// tests/fuzz/packet_inputs.hpp — what an input of fuzz_packet means, shared
// by the target and by write_packet_corpus, which writes its seed corpus.
//
// An input is one selector byte followed by one Ethernet frame:
//   bit 0     the RX queue the frame arrives on (0 or 1)
//   bit 1     the dataplane: 0 = defaults; 1 = strict (strict_discover,
//             require_punch_token, a punch whitelist, small budgets)
//   bits 2-3  time since the previous input: +1 s, +0 s (same rate-limit
//             windows), +30 s (a Discover may move), +601 s (nodes expire)
// A frame whose destination MAC is kOurMac is addressed to the port it
// arrives on (each dataplane's port has its own MAC).
//
// Before every input each dataplane holds the same routes: local nodes
// kNodeV4 (with kNodeKeySeed's key) and kNodeV6 (DiscoverEx), kPeerNode
// behind the peer beacon at kPeerBeacon, kWssNode connected over WSS.
#pragma once

#include <cstdint>

#include "tests/support/net_types.hpp"

namespace pb::test::fuzz {

inline constexpr uint8_t kSelectQueue1 = 0x01;
inline constexpr uint8_t kSelectStrict = 0x02;
inline constexpr unsigned kClockShift = 2;
enum class ClockStep : uint8_t { OneSecond = 0, None = 1, DiscoverInterval = 2, NodeTtl = 3 };

inline constexpr Mac kOurMac{0x02, 0x70, 0x62, 0x00, 0x00, 0xfe};

inline constexpr uint32_t kNodeV4 = 1;     // 10.77.0.2:40002 (test_peer(2))
inline constexpr uint32_t kNodeV6 = 2;     // [fd77::3]:40003 (test_peer(3)), DiscoverEx
inline constexpr uint32_t kPeerNode = 3;   // behind the peer beacon
inline constexpr uint32_t kWssNode = 4;    // a WSS peer
inline constexpr uint8_t kNodeKeySeed = 1; // SigningKey::from_seed of kNodeV4
inline constexpr uint8_t kPeerBeaconHost = 50;  // the peer beacon: test_peer(50), UDP port 9001
inline constexpr uint16_t kPeerBeaconPort = 9001;

}  // namespace pb::test::fuzz
