// dataplane/eal.cpp — builds EAL arguments and owns rte_eal_init/cleanup.
#include "dataplane/eal.hpp"

#include <rte_eal.h>
#include <rte_errno.h>

#include <stdexcept>

namespace pb::dp {

bool is_virtual_device(const std::string& device) { return device.rfind("net_", 0) == 0; }

std::string port_device_name(const std::string& device) { return device.substr(0, device.find(',')); }

std::vector<std::string> eal_arguments(const config::Config& cfg, const std::string& program_name) {
    std::vector<std::string> args{program_name, "--lcores", cfg.dpdk.lcores, "-m", std::to_string(cfg.dpdk.memory_mb),
                                  "--file-prefix", cfg.dpdk.file_prefix};
    if (!cfg.dpdk.hugepages) args.push_back("--no-huge");
    if (is_virtual_device(cfg.port.device)) {
        args.insert(args.end(), {"--no-pci", "--vdev", cfg.port.device});
    } else {
        args.insert(args.end(), {"-a", cfg.port.device});
    }
    args.insert(args.end(), cfg.dpdk.extra_args.begin(), cfg.dpdk.extra_args.end());
    return args;
}

Eal::Eal(const std::vector<std::string>& args) : argv_storage_(args) {
    std::vector<char*> argv;
    for (auto& a : argv_storage_) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (rte_eal_init(int(argv_storage_.size()), argv.data()) < 0)
        throw std::runtime_error(std::string("EAL initialisation failed: ") + rte_strerror(rte_errno));
}

Eal::~Eal() { rte_eal_cleanup(); }

}  // namespace pb::dp
