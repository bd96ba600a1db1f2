// tests/support/ring_port.hpp — a net_ring ethdev for in-process tests.
// Each queue pair gets two rte_rings of its own: frames a test injects are
// enqueued on the RX ring (the worker's rx_burst dequeues them) and frames the
// worker transmits land on the TX ring (the test drains and inspects them).
// Everything is deterministic: no threads, no timing, no kernel.
//
// The port has its own mempool (no per-lcore cache, so mempool_full() is an
// exact leak check) and unique names, so several ports may coexist in one
// process. Destruction stops and closes the port, frees every mbuf still on
// its rings, and frees rings and pool.
#pragma once

#include <rte_ether.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/net_types.hpp"

namespace pb::test {

struct RingPortOptions {
    uint16_t queues = 2;
    unsigned ring_size = 1024;  // entries per RX and per TX ring (power of two)
    unsigned mbufs = 4095;      // pool size (2^n - 1 is the mempool's best size)
};

class RingPort {
public:
    explicit RingPort(const RingPortOptions& options = {});
    ~RingPort();
    RingPort(const RingPort&) = delete;
    RingPort& operator=(const RingPort&) = delete;

    uint16_t port_id() const { return port_id_; }
    // Unique in the process ("pbt<n>"); a prefix for other objects' names.
    const std::string& name() const { return name_; }
    uint16_t queues() const { return uint16_t(rx_rings_.size()); }
    // A locally administered address unique to this port (net_ring has none).
    const rte_ether_addr& mac() const { return mac_; }
    rte_mempool* pool() const { return pool_; }

    // Copies each frame into an mbuf of this port's pool and enqueues it on
    // `queue`'s RX ring, in order. Throws when the ring or the pool is full.
    void inject(uint16_t queue, const std::vector<Bytes>& frames);
    template <typename... Frames>
    void inject(uint16_t queue, const Frames&... frames) {
        inject(queue, std::vector<Bytes>{frames...});
    }
    // Enqueues an mbuf the test built itself (the port takes ownership).
    void inject_mbuf(uint16_t queue, rte_mbuf* m);

    // Everything transmitted on `queue` since the last drain, in order;
    // the mbufs go back to the pool.
    std::vector<Bytes> drain_tx(uint16_t queue);
    // Frames injected on `queue` that no rx_burst has taken yet.
    unsigned rx_pending(uint16_t queue) const;

    bool mempool_full() const;
    unsigned mbufs_in_use() const;

private:
    void assign_mac(unsigned instance);
    void check_queue(uint16_t queue) const;
    void free_ring_contents(rte_ring* ring);
    void release();

    std::string name_;
    rte_mempool* pool_ = nullptr;
    std::vector<rte_ring*> rx_rings_;
    std::vector<rte_ring*> tx_rings_;
    uint16_t port_id_ = 0;
    std::string device_name_;  // as ethdev knows it ("net_ring_<name>")
    rte_ether_addr mac_{};
};

}  // namespace pb::test
