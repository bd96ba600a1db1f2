// tests/bench/pipeline_port.cpp — net_ring port, pool and rings of the
// pipeline benchmark.
#include "tests/bench/pipeline_port.hpp"

#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>

#include <bit>
#include <stdexcept>
#include <string>

#include "dataplane/channels.hpp"

namespace pb::bench {

namespace {

constexpr unsigned kPoolCache = 256;

[[noreturn]] void fail(const std::string& what, int error) {
    throw std::runtime_error("bench port: " + what + ": " + rte_strerror(error));
}

rte_ring* make_ring(const char* name, unsigned entries) {
    rte_ring* ring = rte_ring_create(name, std::bit_ceil(entries + 1), int(rte_socket_id()), RING_F_SP_ENQ | RING_F_SC_DEQ);
    if (!ring) fail(std::string("creating ring ") + name, rte_errno);
    return ring;
}

void free_all(rte_ring* ring) {
    if (ring) dp::drain_channel(ring);
}

}  // namespace

RingPipePort::RingPipePort(unsigned mbufs) : mbufs_(mbufs) {
    const int socket = int(rte_socket_id());
    pool_ = rte_pktmbuf_pool_create("pb_bench_pool", mbufs, kPoolCache,
                                    uint16_t(RTE_ALIGN(sizeof(FrameNote), RTE_MBUF_PRIV_ALIGN)),
                                    RTE_MBUF_DEFAULT_BUF_SIZE, socket);
    if (!pool_) fail("creating a pool of " + std::to_string(mbufs) + " mbufs", rte_errno);
    rx_ = make_ring("pb_bench_rx", mbufs);
    tx_ = make_ring("pb_bench_tx", mbufs);

    const int port = rte_eth_from_rings("pb_bench", &rx_, 1, &tx_, 1, unsigned(socket));
    if (port < 0) fail("rte_eth_from_rings", rte_errno);
    port_id_ = uint16_t(port);
    rte_eth_conf conf{};
    if (int rc = rte_eth_dev_configure(port_id_, 1, 1, &conf); rc != 0) fail("configure", -rc);
    if (int rc = rte_eth_rx_queue_setup(port_id_, 0, 1024, unsigned(socket), nullptr, pool_); rc != 0)
        fail("RX queue setup", -rc);
    if (int rc = rte_eth_tx_queue_setup(port_id_, 0, 1024, unsigned(socket), nullptr); rc != 0)
        fail("TX queue setup", -rc);
    if (int rc = rte_eth_dev_start(port_id_); rc != 0) fail("start", -rc);
    started_ = true;
    if (int rc = rte_eth_macaddr_get(port_id_, &mac_); rc != 0) fail("reading the MAC address", -rc);
}

RingPipePort::~RingPipePort() {
    if (started_) {
        rte_eth_dev_stop(port_id_);
        rte_eth_dev_close(port_id_);
    }
    drain_rings();
    rte_ring_free(rx_);
    rte_ring_free(tx_);
    rte_mempool_free(pool_);
}

void RingPipePort::drain_rings() {
    free_all(rx_);
    free_all(tx_);
}

}  // namespace pb::bench
