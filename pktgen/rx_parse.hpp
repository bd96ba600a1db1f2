// pktgen/rx_parse.hpp — what a frame that reaches the generator is: a UDP
// datagram (or the first fragment of one: its payload starts the same), a
// later IP fragment, ARP / ND (see neighbour.hpp), or something else.
// The payload may be shorter than the datagram (a first fragment, or a frame
// net_af_packet cut at its frame size): the probe at its start is what the
// generator needs.
#pragma once

#include <cstdint>
#include <span>

namespace pb::pktgen {

enum class RxKind : uint8_t { Udp, LaterFragment, Neighbour, Other };

struct RxFrame {
    RxKind kind = RxKind::Other;
    bool ipv6 = false;
    const uint8_t* src_ip = nullptr;  // network order, 4 or 16 bytes, inside the frame
    const uint8_t* dst_ip = nullptr;
    uint16_t src_port = 0;            // host order
    uint16_t dst_port = 0;
    bool fragment = false;            // the first fragment of a larger datagram
    std::span<const uint8_t> payload; // the UDP payload bytes this frame holds
};

RxFrame parse_rx_frame(std::span<const uint8_t> frame);

}  // namespace pb::pktgen
