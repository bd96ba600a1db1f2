// dataplane/kernel_link.cpp — the kernel interface's operstate and received
// total, from sysfs.
#include "dataplane/kernel_link.hpp"

#include <fstream>

namespace pb::dp {

namespace {

// The first word of /sys/class/net/<iface>/<file>; nullopt when unreadable.
template <class Value>
std::optional<Value> read_interface_file(const std::string& iface, const char* file) {
    std::ifstream in("/sys/class/net/" + iface + "/" + file);
    Value value{};
    if (!(in >> value)) return std::nullopt;
    return value;
}

}  // namespace

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
    return read_interface_file<std::string>(iface, "operstate");
}

bool operstate_passes(std::string_view operstate) { return operstate == "up" || operstate == "unknown"; }

std::optional<uint64_t> kernel_rx_packets(const std::string& iface) {
    return read_interface_file<uint64_t>(iface, "statistics/rx_packets");
}

}  // namespace pb::dp
