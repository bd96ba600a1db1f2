// dataplane/port.hpp — the data port: finds it, sizes and creates the mbuf
// pool, configures N RX/TX queue pairs with RSS over IPv4/IPv6 UDP (falling
// back cleanly when the port has none), enables the checksum offloads it
// offers, starts it, and on destruction stops and closes it.
#pragma once

#include <rte_ether.h>
#include <rte_mempool.h>

#include <cstdint>
#include <optional>
#include <string>

#include "common/config/config.hpp"
#include "dataplane/local_interface.hpp"

namespace pb::dp {

struct PortInfo {
    uint16_t port_id = 0;
    std::string driver;
    rte_ether_addr mac{};
    uint16_t queues = 0;
    uint64_t rss_hash_types = 0;  // 0 = no RSS (single queue or the port has none)
    TxOffloads tx_offloads;
    bool rx_checksum_offload = false;
    uint32_t mbufs = 0;
};

// mbufs needed by `queues` queue pairs and `workers` workers, unless the
// config names a size; the result is 2^n - 1 (the mempool's best size).
uint32_t mbuf_pool_size(const config::Config& cfg, uint16_t queues, unsigned workers);

class Port {
public:
    // Configures the port and its queues; throws std::runtime_error naming
    // the device and the step that failed.
    Port(const config::Config& cfg, uint16_t queues, unsigned workers);
    ~Port();
    Port(const Port&) = delete;
    Port& operator=(const Port&) = delete;

    // Starts receiving (after the control plane's listeners are bound).
    void start();

    const PortInfo& info() const { return info_; }
    rte_mempool* pool() const { return pool_; }
    // The driver's link status and, for a port on a kernel interface
    // (kernel_link.hpp), that interface's operstate.
    bool link_up() const;
    std::string link_description() const;
    // For a port on a kernel interface, the frames that interface received
    // (kernel_link.hpp); nullopt for any other port.
    std::optional<uint64_t> kernel_rx_packets() const;
    // Stops and closes the port; every mbuf its queues held returns to the pool.
    void close();
    // After close(), with the workers stopped: mbufs not back in the pool.
    uint32_t mbufs_outstanding() const;
    // How many of those the driver may legitimately keep: DPDK 22.11's
    // net_af_xdp leaves the mbufs of its XSK rings behind on close (a driver
    // defect), at most its fill + completion rings per queue; others 0.
    uint32_t mbufs_driver_may_keep() const;

private:
    PortInfo info_;
    std::string device_;
    std::string kernel_iface_;  // "" unless the driver cannot see the link itself
    rte_mempool* pool_ = nullptr;
    bool open_ = false;
};

}  // namespace pb::dp
