// controlplane/neighbours/next_hop.cpp — on-link or gateway.
#include "controlplane/neighbours/next_hop.hpp"

#include "controlplane/neighbours/addresses.hpp"

namespace pb::cp::nbr {

Route route_to(const net::IpAddress& destination, const config::PortConfig& port) {
    const net::IpAddress dest = destination.unmapped();
    const config::InterfaceAddress& family = dest.is_v4() ? port.ipv4 : port.ipv6;
    if (!family.address) return {RouteStatus::NoAddress, {}};
    if (family.address->contains(dest) || is_ipv6_link_local(dest)) return {RouteStatus::OnLink, dest};
    if (family.gateway) return {RouteStatus::Gateway, *family.gateway};
    return {RouteStatus::NoRoute, {}};
}

}  // namespace pb::cp::nbr
