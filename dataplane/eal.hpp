// dataplane/eal.hpp — DPDK EAL bring-up from the configuration: the argument
// vector (lcores, hugepages or --no-huge, memory, file prefix, the port's
// vdev or PCI allow-list, extra arguments) and the init/cleanup lifetime.
#pragma once

#include <string>
#include <vector>

#include "common/config/config.hpp"

namespace pb::dp {

// True when port.device names a virtual device ("net_tap0,iface=x").
bool is_virtual_device(const std::string& device);

// The port's name as ethdev knows it: the vdev name before the first ',' or
// the PCI address.
std::string port_device_name(const std::string& device);

std::vector<std::string> eal_arguments(const config::Config& cfg, const std::string& program_name);

// Owns the EAL: initialises it in the constructor (throws std::runtime_error
// with DPDK's reason), releases hugepages and devices in the destructor.
class Eal {
public:
    explicit Eal(const std::vector<std::string>& args);
    ~Eal();
    Eal(const Eal&) = delete;
    Eal& operator=(const Eal&) = delete;

private:
    std::vector<std::string> argv_storage_;  // rte_eal_init keeps pointers into argv
};

}  // namespace pb::dp
