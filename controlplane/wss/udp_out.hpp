// controlplane/wss/udp_out.hpp — how the bridge puts a beacon message on the
// wire as a UDP datagram from the beacon's own address and port (tiers 1 and
// 2 of a relay a WSS peer sent). The message is `head` then `body`; the
// implementation copies both. Production: MbufUdpOut (mbuf_udp_out.hpp).
#pragma once

#include <cstdint>
#include <span>

#include "common/tables/node_table.hpp"

namespace pb::cp::wss {

enum class UdpResult : uint8_t {
    Sent,
    NoMbuf,
    ChannelFull,
    Unroutable,  // no local address of the destination's family, or too large for one datagram of it
};

class UdpOut {
public:
    virtual ~UdpOut() = default;
    virtual UdpResult send(const tables::NodeEndpoint& to, std::span<const uint8_t> head,
                           std::span<const uint8_t> body) = 0;
};

}  // namespace pb::cp::wss
