// dataplane/kernel_link.cpp — the kernel interface's operstate and received
// total, from sysfs.
#include "dataplane/kernel_link.hpp"

#include <fstream>

namespace pb::dp {

std::string kernel_interface_of(std::string_view device_spec) {
    const size_t comma = device_spec.find(',');
    const std::string_view driver = device_spec.substr(0, comma);
    if (comma == std::string_view::npos ||
        !(driver.starts_with("net_af_packet") || driver.starts_with("net_af_xdp")))
        return {};
    std::string_view rest = device_spec.substr(comma + 1);
    while (!rest.empty()) {
        const size_t end = rest.find(',');
        const std::string_view option = rest.substr(0, end);
        if (option.starts_with("iface=")) return std::string(option.substr(6));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return {};
}

std::optional<std::string> kernel_operstate(const std::string& iface) {
    std::ifstream in("/sys/class/net/" + iface + "/operstate");
    std::string state;
    if (!(in >> state)) return std::nullopt;
    return state;
}

bool operstate_passes(std::string_view operstate) { return operstate == "up" || operstate == "unknown"; }

std::optional<uint64_t> kernel_rx_packets(const std::string& iface) {
    std::ifstream in("/sys/class/net/" + iface + "/statistics/rx_packets");
    uint64_t packets = 0;
    if (!(in >> packets)) return std::nullopt;
    return packets;
}

}  // namespace pb::dp
