// controlplane/wss/connection.hpp — serving one accepted TCP connection of the
// bridge (plain, or TLS when Core::tls is set), from the HTTP request through
// the upgrade and the Ed25519 challenge to the authenticated peer's frames.
// The connection keeps itself alive through its pending operations.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <memory>

#include "controlplane/wss/core.hpp"

namespace pb::cp::wss {

void serve_connection(const std::shared_ptr<Core>& core, boost::asio::ip::tcp::socket socket);

}  // namespace pb::cp::wss
