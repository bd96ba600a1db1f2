// tests/bench/pipeline_port.hpp — the benchmark's data port: a net_ring
// ethdev (rte_eth_from_rings) with one queue pair whose RX and TX rings are
// separate, so that the traffic source on the main lcore enqueues frames the
// worker receives and dequeues the frames the worker transmits. The mbufs
// come from the port's own pool, with a small private area per mbuf in which
// the traffic source notes what answer it expects for the frame. (What a
// Worker needs besides the port, dp::WorkerSet assembles, as in production.)
#pragma once

#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include <cstdint>

namespace pb::bench {

// What the traffic source expects back for a frame, in the mbuf's private area.
struct FrameNote {
    uint8_t kind = 0;         // FrameKind of the frame that was sent
    uint8_t reply_type = 0;   // beacon type byte of the transmitted answer (0: none expected)
    uint16_t reply_port = 0;  // UDP destination port of the answer, network order
    uint32_t reply_ip = 0;    // IPv4 destination of the answer, network order
};

inline FrameNote& note_of(rte_mbuf* m) { return *static_cast<FrameNote*>(rte_mbuf_to_priv(m)); }
inline const FrameNote& note_of(const rte_mbuf* m) { return note_of(const_cast<rte_mbuf*>(m)); }

class RingPipePort {
public:
    // `mbufs` frames in the pool (2^n - 1 is the mempool's best size); the
    // rings hold all of them, so enqueueing never fails.
    explicit RingPipePort(unsigned mbufs);
    ~RingPipePort();
    RingPipePort(const RingPipePort&) = delete;
    RingPipePort& operator=(const RingPipePort&) = delete;

    uint16_t port_id() const { return port_id_; }
    const rte_ether_addr& mac() const { return mac_; }
    rte_mempool* pool() const { return pool_; }
    unsigned mbufs() const { return mbufs_; }
    rte_ring* rx_ring() const { return rx_; }  // source → worker
    rte_ring* tx_ring() const { return tx_; }  // worker → source

    // Frees whatever the rings still hold.
    void drain_rings();
    bool all_mbufs_home() const { return rte_mempool_full(pool_) != 0; }

private:
    unsigned mbufs_;
    rte_mempool* pool_ = nullptr;
    rte_ring* rx_ = nullptr;
    rte_ring* tx_ = nullptr;
    uint16_t port_id_ = 0;
    bool started_ = false;
    rte_ether_addr mac_{};
};

}  // namespace pb::bench
