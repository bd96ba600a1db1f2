// controlplane/gossip/frame_sender.cpp — frames to the worker.
#include "controlplane/gossip/frame_sender.hpp"

#include <rte_ip.h>

#include "controlplane/neighbours/ether_frame.hpp"
#include "controlplane/neighbours/mbuf_frames.hpp"

namespace pb::cp::gossip {

namespace {
constexpr size_t kIpv4Header = sizeof(rte_ipv4_hdr);
constexpr size_t kIpv6Header = sizeof(rte_ipv6_hdr);
constexpr size_t kIpv6FragmentHeader = sizeof(rte_ipv6_fragment_ext);
}  // namespace

FrameSender::FrameSender(ControlPlane& control)
    : injector_(control.injector()),
      iface_(control.dataplane().iface()),
      channel_(control.dataplane().from_control(0)) {}  // Injector::transmit's channel

size_t FrameSender::frames_for(size_t frame_size, bool ipv6) const {
    const size_t l3 = frame_size - frames::l2_header_length(iface_);
    if (l3 <= iface_.mtu) return 1;
    // Fragment payloads are multiples of 8 bytes (RFC 791 / RFC 8200).
    const size_t per_fragment = (iface_.mtu - (ipv6 ? kIpv6Header + kIpv6FragmentHeader : kIpv4Header)) & ~size_t(7);
    const size_t payload = l3 - (ipv6 ? kIpv6Header : kIpv4Header);
    return (payload + per_fragment - 1) / per_fragment;
}

bool FrameSender::has_room() const { return rte_ring_free_count(channel_) > 0; }

bool FrameSender::send(std::span<const uint8_t> frame, bool ipv6) {
    rte_mbuf* m = frames::frame_to_mbuf(injector_.pool(), frame);
    if (m == nullptr) {
        ++stats_.no_mbuf;
        return false;
    }
    if (!injector_.transmit(m)) {
        ++stats_.channel_full;
        return false;
    }
    stats_.frames += frames_for(frame.size(), ipv6);
    return true;
}

}  // namespace pb::cp::gossip
