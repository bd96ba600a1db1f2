// dataplane/port.cpp — data port bring-up and teardown.
#include "dataplane/port.hpp"

#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "dataplane/eal.hpp"
#include "dataplane/kernel_link.hpp"

namespace pb::dp {

namespace {

constexpr uint64_t kWantedRssTypes = RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_FRAG_IPV4 |
                                     RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_NONFRAG_IPV6_UDP | RTE_ETH_RSS_FRAG_IPV6;
constexpr unsigned kMempoolCache = 256;
// Frames in flight outside the descriptor rings and channels: bursts being
// handled and their TX batch (fragments included) — per worker.
constexpr uint32_t kInFlightPerWorker = 4096;

[[noreturn]] void fail(const std::string& device, const std::string& step, int rc) {
    throw std::runtime_error("port " + device + ": " + step + " failed: " + rte_strerror(-rc));
}

uint16_t find_port(const std::string& device) {
    uint16_t port_id = 0;
    const std::string name = port_device_name(device);
    if (int rc = rte_eth_dev_get_port_by_name(name.c_str(), &port_id); rc != 0)
        throw std::runtime_error("port " + device + ": no ethdev named '" + name +
                                 "' (vdev not created, or PCI device not bound to a DPDK driver)");
    return port_id;
}

}  // namespace

uint32_t mbuf_pool_size(const config::Config& cfg, uint16_t queues, unsigned workers) {
    if (cfg.port.mbufs != 0) return cfg.port.mbufs;
    const uint64_t wanted = uint64_t(queues) * (cfg.port.rx_desc + cfg.port.tx_desc) +
                            uint64_t(workers) * (kInFlightPerWorker + 3 * cfg.dataplane.ring_size) +
                            uint64_t(workers) * (kMempoolCache + cfg.dataplane.frag.max_held_mbufs);
    return uint32_t(std::bit_ceil(wanted + 1) - 1);
}

Port::Port(const config::Config& cfg, uint16_t queues, unsigned workers) {
    const std::string& device = cfg.port.device;
    info_.port_id = find_port(device);
    info_.queues = queues;
    const uint16_t port_id = info_.port_id;

    rte_eth_dev_info dev_info{};
    if (int rc = rte_eth_dev_info_get(port_id, &dev_info); rc != 0) fail(device, "reading device info", rc);
    info_.driver = dev_info.driver_name ? dev_info.driver_name : "?";
    if (queues > dev_info.max_rx_queues || queues > dev_info.max_tx_queues)
        throw std::runtime_error("port " + device + ": " + std::to_string(queues) + " queue pairs requested, driver " +
                                 info_.driver + " offers " + std::to_string(dev_info.max_rx_queues) + " RX / " +
                                 std::to_string(dev_info.max_tx_queues) + " TX");

    rte_eth_conf conf{};
    info_.rss_hash_types = queues > 1 ? (dev_info.flow_type_rss_offloads & kWantedRssTypes) : 0;
    if (info_.rss_hash_types != 0) {
        conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
        conf.rx_adv_conf.rss_conf.rss_hf = info_.rss_hash_types;
    }
    const uint64_t rx_checksum = RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM;
    if ((dev_info.rx_offload_capa & rx_checksum) == rx_checksum) {
        conf.rxmode.offloads |= rx_checksum;
        info_.rx_checksum_offload = true;
    }
    info_.tx_offloads.ipv4_checksum = dev_info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM;
    info_.tx_offloads.udp_checksum = dev_info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_UDP_CKSUM;
    info_.tx_offloads.multi_segs = dev_info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
    conf.txmode.offloads = dev_info.tx_offload_capa & (RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
                                                       RTE_ETH_TX_OFFLOAD_MULTI_SEGS);

    if (int rc = rte_eth_dev_configure(port_id, queues, queues, &conf); rc != 0) fail(device, "configure", rc);
    if (int rc = rte_eth_dev_set_mtu(port_id, cfg.port.mtu); rc != 0 && rc != -ENOTSUP)
        fail(device, "setting MTU " + std::to_string(cfg.port.mtu), rc);
    uint16_t rx_desc = cfg.port.rx_desc, tx_desc = cfg.port.tx_desc;
    if (int rc = rte_eth_dev_adjust_nb_rx_tx_desc(port_id, &rx_desc, &tx_desc); rc != 0)
        fail(device, "adjusting descriptor counts", rc);

    info_.mbufs = mbuf_pool_size(cfg, queues, workers);
    const int socket = rte_eth_dev_socket_id(port_id);
    const std::string pool_name = "pb_mbufs_" + std::to_string(port_id);
    pool_ = rte_pktmbuf_pool_create(pool_name.c_str(), info_.mbufs, std::min(kMempoolCache, info_.mbufs / 2), 0,
                                    RTE_MBUF_DEFAULT_BUF_SIZE, socket);
    if (!pool_) fail(device, "creating a pool of " + std::to_string(info_.mbufs) + " mbufs", -rte_errno);

    for (uint16_t q = 0; q < queues; ++q) {
        rte_eth_rxconf rxconf = dev_info.default_rxconf;
        rxconf.offloads = conf.rxmode.offloads;
        if (int rc = rte_eth_rx_queue_setup(port_id, q, rx_desc, socket, &rxconf, pool_); rc != 0)
            fail(device, "RX queue " + std::to_string(q) + " setup", rc);
        rte_eth_txconf txconf = dev_info.default_txconf;
        txconf.offloads = conf.txmode.offloads;
        if (int rc = rte_eth_tx_queue_setup(port_id, q, tx_desc, socket, &txconf); rc != 0)
            fail(device, "TX queue " + std::to_string(q) + " setup", rc);
    }
    if (int rc = rte_eth_macaddr_get(port_id, &info_.mac); rc != 0) fail(device, "reading the MAC address", rc);
    open_ = true;
    device_ = device;
    kernel_iface_ = kernel_interface_of(device);
}

void Port::start() {
    if (int rc = rte_eth_dev_start(info_.port_id); rc != 0) fail(device_, "start", rc);
    // IPv6 Neighbour Solicitations go to solicited-node multicast groups.
    rte_eth_allmulticast_enable(info_.port_id);
}

Port::~Port() {
    close();
    rte_mempool_free(pool_);
}

void Port::close() {
    if (!open_) return;
    rte_eth_dev_stop(info_.port_id);
    rte_eth_dev_close(info_.port_id);
    open_ = false;
}

uint32_t Port::mbufs_outstanding() const { return info_.mbufs - rte_mempool_avail_count(pool_); }

uint32_t Port::mbufs_driver_may_keep() const {
    // net_af_xdp sizes its fill and completion rings at 2048 descriptors
    // each, whatever rx_desc says (XSK_RING_*__DEFAULT_NUM_DESCS).
    constexpr uint32_t kAfXdpRingDescs = 2048;
    return info_.driver == "net_af_xdp" ? uint32_t(info_.queues) * 2 * kAfXdpRingDescs : 0;
}

bool Port::link_up() const {
    rte_eth_link link{};
    if (rte_eth_link_get_nowait(info_.port_id, &link) != 0 || link.link_status != RTE_ETH_LINK_UP) return false;
    if (kernel_iface_.empty()) return true;
    const auto state = kernel_operstate(kernel_iface_);
    return !state || operstate_passes(*state);
}

std::string Port::link_description() const {
    if (!kernel_iface_.empty())
        if (const auto state = kernel_operstate(kernel_iface_); state && !operstate_passes(*state))
            return "Link down (" + kernel_iface_ + " operstate " + *state + ")";
    rte_eth_link link{};
    if (rte_eth_link_get_nowait(info_.port_id, &link) != 0) return "unknown";
    char text[RTE_ETH_LINK_MAX_STR_LEN];
    rte_eth_link_to_str(text, sizeof text, &link);
    return text;
}

std::optional<uint64_t> Port::kernel_rx_packets() const {
    if (kernel_iface_.empty()) return std::nullopt;
    return dp::kernel_rx_packets(kernel_iface_);
}

}  // namespace pb::dp
