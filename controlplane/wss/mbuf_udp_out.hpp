// controlplane/wss/mbuf_udp_out.hpp — UdpOut onto the data port: the datagram
// is built in an mbuf from the port's pool (a chain when it is longer than one
// segment), from our address and beacon port to the destination's endpoint and
// next-hop MAC (learned from the destination's own packets, as the workers
// use it), checksums in software, and handed to a worker to transmit
// (Injector::transmit: one channel, so one peer's relays keep their order);
// the worker fragments it to the port MTU.
#pragma once

#include <rte_mbuf.h>

#include <functional>

#include "controlplane/wss/udp_out.hpp"
#include "dataplane/local_interface.hpp"

namespace pb::cp::wss {

class MbufUdpOut final : public UdpOut {
public:
    // `transmit` takes ownership; false: the frame was freed (channel full).
    using Transmit = std::function<bool(rte_mbuf*)>;

    MbufUdpOut(const dp::LocalInterface& iface, rte_mempool* pool, Transmit transmit)
        : iface_(iface), pool_(pool), transmit_(std::move(transmit)) {}

    UdpResult send(const tables::NodeEndpoint& to, std::span<const uint8_t> head,
                   std::span<const uint8_t> body) override;

private:
    rte_mbuf* build(size_t header_len, std::span<const uint8_t> head,
                    std::span<const uint8_t> body);
    void write_headers(rte_mbuf* m, const tables::NodeEndpoint& to, size_t message_len);

    const dp::LocalInterface& iface_;
    rte_mempool* pool_;
    Transmit transmit_;
    uint16_t ipv4_id_ = 0;
};

}  // namespace pb::cp::wss
