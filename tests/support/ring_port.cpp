// tests/support/ring_port.cpp — net_ring port creation, injection, TX
// draining and teardown.
#include "tests/support/ring_port.hpp"

#include <rte_bus_vdev.h>
#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include <atomic>
#include <stdexcept>

#include "tests/support/mbuf_frames.hpp"

namespace pb::test {

namespace {

std::atomic<unsigned> g_next_instance{0};

[[noreturn]] void fail(const std::string& what, int error) {
    throw std::runtime_error("RingPort: " + what + ": " + rte_strerror(error));
}

rte_ring* make_ring(const std::string& name, unsigned size) {
    // Single producer/consumer: the test and the worker run on one thread.
    rte_ring* ring = rte_ring_create(name.c_str(), size, SOCKET_ID_ANY, RING_F_SP_ENQ | RING_F_SC_DEQ);
    if (!ring) fail("creating ring " + name, rte_errno);
    return ring;
}

}  // namespace

RingPort::RingPort(const RingPortOptions& options) {
    const unsigned instance = g_next_instance++;
    name_ = "pbt" + std::to_string(instance);
    try {
        pool_ = rte_pktmbuf_pool_create((name_ + "_pool").c_str(), options.mbufs, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
                                        SOCKET_ID_ANY);
        if (!pool_) fail("creating the mbuf pool", rte_errno);
        for (uint16_t q = 0; q < options.queues; ++q) {
            rx_rings_.push_back(make_ring(name_ + "_rx" + std::to_string(q), options.ring_size));
            tx_rings_.push_back(make_ring(name_ + "_tx" + std::to_string(q), options.ring_size));
        }
        const int port = rte_eth_from_rings(name_.c_str(), rx_rings_.data(), options.queues, tx_rings_.data(),
                                            options.queues, SOCKET_ID_ANY);
        if (port < 0) fail("rte_eth_from_rings", rte_errno);
        port_id_ = uint16_t(port);
        char device[RTE_ETH_NAME_MAX_LEN];
        if (int rc = rte_eth_dev_get_name_by_port(port_id_, device); rc != 0) fail("reading the port name", -rc);
        device_name_ = device;

        rte_eth_conf conf{};
        if (int rc = rte_eth_dev_configure(port_id_, options.queues, options.queues, &conf); rc != 0)
            fail("configure", -rc);
        for (uint16_t q = 0; q < options.queues; ++q) {
            if (int rc = rte_eth_rx_queue_setup(port_id_, q, options.ring_size, SOCKET_ID_ANY, nullptr, pool_); rc != 0)
                fail("RX queue setup", -rc);
            if (int rc = rte_eth_tx_queue_setup(port_id_, q, options.ring_size, SOCKET_ID_ANY, nullptr); rc != 0)
                fail("TX queue setup", -rc);
        }
        if (int rc = rte_eth_dev_start(port_id_); rc != 0) fail("start", -rc);
        assign_mac(instance);
    } catch (...) {
        release();
        throw;
    }
}

RingPort::~RingPort() { release(); }

void RingPort::assign_mac(unsigned instance) {
    // net_ring reports 00:00:00:00:00:00 for every port and has no way to
    // change it: use a locally administered address unique to this port.
    mac_ = {{0x02, 0x70, 0x62, uint8_t(instance >> 16), uint8_t(instance >> 8), uint8_t(instance)}};
    rte_eth_dev_default_mac_addr_set(port_id_, &mac_);  // ENOTSUP on net_ring; harmless
}

void RingPort::release() {
    if (!device_name_.empty()) {
        rte_eth_dev_stop(port_id_);
        rte_eth_dev_close(port_id_);
        rte_vdev_uninit(device_name_.c_str());
        device_name_.clear();
    }
    for (auto* rings : {&rx_rings_, &tx_rings_}) {
        for (rte_ring* ring : *rings) {
            free_ring_contents(ring);
            rte_ring_free(ring);
        }
        rings->clear();
    }
    rte_mempool_free(pool_);
    pool_ = nullptr;
}

void RingPort::check_queue(uint16_t queue) const {
    if (queue >= queues())
        throw std::out_of_range("RingPort: queue " + std::to_string(queue) + " of " + std::to_string(queues()));
}

void RingPort::free_ring_contents(rte_ring* ring) {
    void* m = nullptr;
    while (rte_ring_dequeue(ring, &m) == 0) rte_pktmbuf_free(static_cast<rte_mbuf*>(m));
}

void RingPort::inject_mbuf(uint16_t queue, rte_mbuf* m) {
    check_queue(queue);
    if (rte_ring_enqueue(rx_rings_[queue], m) != 0) {
        rte_pktmbuf_free(m);
        throw std::runtime_error("RingPort: RX ring of queue " + std::to_string(queue) + " is full");
    }
}

void RingPort::inject(uint16_t queue, const std::vector<Bytes>& frames) {
    for (const Bytes& frame : frames) inject_mbuf(queue, mbuf_from_frame(pool_, frame));
}

std::vector<Bytes> RingPort::drain_tx(uint16_t queue) {
    check_queue(queue);
    std::vector<Bytes> frames;
    void* m = nullptr;
    while (rte_ring_dequeue(tx_rings_[queue], &m) == 0) {
        frames.push_back(frame_from_mbuf(static_cast<rte_mbuf*>(m)));
        rte_pktmbuf_free(static_cast<rte_mbuf*>(m));
    }
    return frames;
}

unsigned RingPort::rx_pending(uint16_t queue) const {
    check_queue(queue);
    return rte_ring_count(rx_rings_[queue]);
}

bool RingPort::mempool_full() const { return rte_mempool_full(pool_) != 0; }

unsigned RingPort::mbufs_in_use() const { return rte_mempool_in_use_count(pool_); }

}  // namespace pb::test
