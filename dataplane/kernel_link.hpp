// dataplane/kernel_link.hpp — what the kernel interface under a port that
// sits on one (net_af_packet, net_af_xdp) knows and the driver does not
// tell. DPDK 22.11's drivers for those report the link up from start to
// stop whatever the interface does, so /readyz and
// pilot_beacon_port_link_up would claim a link that is down: the kernel's
// operstate is what tells. And net_af_packet never counts the frames its
// full ring loses (imissed stays 0): the interface's received total, beside
// the port's, shows them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pb::dp {

// The `iface=` of a net_af_packet / net_af_xdp vdev spec; "" for any other
// device (their drivers report the link themselves).
std::string kernel_interface_of(std::string_view device_spec);

// /sys/class/net/<iface>/operstate ("up", "down", "lowerlayerdown", ...);
// nullopt when it cannot be read.
std::optional<std::string> kernel_operstate(const std::string& iface);

// Whether an operstate lets frames through: "up", or "unknown" (drivers
// that track no carrier).
bool operstate_passes(std::string_view operstate);

// /sys/class/net/<iface>/statistics/rx_packets: frames the interface
// received since it was created; nullopt when it cannot be read.
std::optional<uint64_t> kernel_rx_packets(const std::string& iface);

}  // namespace pb::dp
