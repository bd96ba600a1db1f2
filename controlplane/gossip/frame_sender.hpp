// controlplane/gossip/frame_sender.hpp — puts gossip frames on the wire
// through a worker (Injector::transmit → worker 0's from_control channel).
// A frame whose IP datagram exceeds the port's MTU (the Go-compatible Sync of
// up to 64 KiB) goes as one mbuf chain: the worker fragments it on the way
// out (dataplane/fragments.cpp, with its indirect pool and IPv6 fragment
// ids), and linearises for ports that cannot send chains.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "controlplane/control_plane.hpp"

namespace pb::cp::gossip {

struct SendStats {
    uint64_t frames = 0;        // frames on the wire (IP fragments counted one by one)
    uint64_t no_mbuf = 0;       // the pool ran dry
    uint64_t channel_full = 0;  // the worker's channel refused the frame
};

class FrameSender {
public:
    explicit FrameSender(ControlPlane& control);

    // Frames a frame of `frame_size` bytes (L2 included) becomes at the MTU.
    size_t frames_for(size_t frame_size, bool ipv6) const;
    // Whether the channel holds room for one more datagram now.
    bool has_room() const;
    // false: not sent; counted.
    bool send(std::span<const uint8_t> frame, bool ipv6);
    const SendStats& stats() const { return stats_; }

private:
    Injector& injector_;
    const dp::LocalInterface& iface_;
    rte_ring* channel_;
    SendStats stats_;
};

}  // namespace pb::cp::gossip
