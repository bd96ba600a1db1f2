// controlplane/neighbours/next_hop.hpp — which neighbour a packet the
// control plane originates goes to (ARCHITECTURE.md §3): the destination
// itself when it is inside the port's prefix of its family (or IPv6
// link-local), otherwise the gateway of that family when one is configured.
#pragma once

#include <optional>

#include "common/config/config.hpp"
#include "common/net/ip_address.hpp"

namespace pb::cp::nbr {

enum class RouteStatus : uint8_t {
    OnLink,     // the destination is a neighbour
    Gateway,    // through the gateway
    NoRoute,    // outside the prefix and no gateway
    NoAddress,  // the port has no address of the destination's family
};

struct Route {
    RouteStatus status = RouteStatus::NoRoute;
    net::IpAddress neighbour;  // valid for OnLink and Gateway
};

Route route_to(const net::IpAddress& destination, const config::PortConfig& port);

}  // namespace pb::cp::nbr
