// controlplane/neighbours/ether_frame.cpp — Ethernet header writing/reading.
#include "controlplane/neighbours/ether_frame.hpp"

#include <algorithm>

#include "common/wire/byte_order.hpp"

namespace pb::cp::frames {

namespace {
constexpr size_t kEthernetHeader = 14;
constexpr size_t kVlanTag = 4;
}  // namespace

Mac mac_of(const dp::LocalInterface& iface) {
    Mac mac;
    std::copy_n(iface.mac.addr_bytes, mac.size(), mac.begin());
    return mac;
}

size_t l2_header_length(const dp::LocalInterface& iface) { return kEthernetHeader + (iface.vlan_id ? kVlanTag : 0); }

size_t write_l2(std::span<uint8_t> out, const Mac& destination, uint16_t ether_type, const dp::LocalInterface& iface) {
    std::copy(destination.begin(), destination.end(), out.begin());
    const Mac source = mac_of(iface);
    std::copy(source.begin(), source.end(), out.begin() + 6);
    if (iface.vlan_id == 0) {
        wire::store_be<uint16_t>(&out[12], ether_type);
        return kEthernetHeader;
    }
    wire::store_be<uint16_t>(&out[12], kEtherTypeVlan);
    wire::store_be<uint16_t>(&out[14], iface.vlan_id);
    wire::store_be<uint16_t>(&out[16], ether_type);
    return kEthernetHeader + kVlanTag;
}

std::optional<L2View> parse_l2(std::span<const uint8_t> frame) {
    if (frame.size() < kEthernetHeader) return std::nullopt;
    L2View view;
    std::copy_n(frame.begin() + 6, view.source.size(), view.source.begin());
    view.ether_type = wire::load_be<uint16_t>(&frame[12]);
    view.length = kEthernetHeader;
    if (view.ether_type == kEtherTypeVlan) {
        if (frame.size() < kEthernetHeader + kVlanTag) return std::nullopt;
        view.ether_type = wire::load_be<uint16_t>(&frame[16]);
        view.length += kVlanTag;
    }
    return view;
}

}  // namespace pb::cp::frames
