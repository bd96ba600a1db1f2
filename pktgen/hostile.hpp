// pktgen/hostile.hpp — malformed and hostile frames for the hostile mix
// (scenario traffic.hostile.variants): truncated and unknown messages,
// beacon-to-daemon types sent to the beacon, Syncs from a stranger, bad
// checksums and lengths, the wrong port, fragments that never complete or
// overlap, ARP / ND floods from spoofed addresses, Discovers and
// PunchRequests claiming someone else's id from a spoofed port. A beacon
// must deliver none of them; the relay-shaped ones carry a Probe of kind
// Hostile and go to a registered daemon, so a beacon that wrongly delivers
// one is caught.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "pktgen/frame.hpp"
#include "pktgen/probe.hpp"
#include "pktgen/scenario.hpp"

namespace pb::pktgen {

inline constexpr std::size_t kMaxHostileFrame = 256;

struct HostileInput {
    UdpFrameSpec spec;     // daemon → beacon
    uint32_t sender = 0;   // the sending daemon's id
    uint32_t peer = 0;     // a registered daemon's id
    uint32_t decoy = 0;    // an id nobody registered
    uint32_t victim = 0;   // a registered id the spoofed variants claim
    Probe probe;           // kind Hostile
    uint64_t salt = 0;     // varies the details from frame to frame
    uint64_t index = 0;    // how many frames of this variant this sender's worker wrote before
};

// The spoofed variants' source ports: above Linux's ephemeral range, never a daemon's.
inline constexpr uint16_t kSpoofedPortFirst = 61000;
inline constexpr uint16_t kSpoofedPortCount = 4000;

// Writes variant `v`; returns the frame length. Precondition:
// frame.size() >= kMaxHostileFrame.
std::size_t write_hostile_frame(std::span<uint8_t> frame, HostileVariant v, const HostileInput& in);

}  // namespace pb::pktgen
