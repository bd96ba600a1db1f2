// controlplane/wss/settings.hpp — what the WSS bridge runs with: the
// control.wss keys (docs/config.md) as typed values, plus the limits that are
// fixed by PROTOCOL.md §5 or by this implementation (docs/wss.md).
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/config/config.hpp"

namespace pb::cp::wss {

struct Settings {
    boost::asio::ip::tcp::endpoint bind;
    std::string path = "/v1/compat";
    std::string tls_cert;  // both set: TLS in-process
    std::string tls_key;
    uint32_t max_peers = 0;  // upgraded connections (authenticating + authenticated); 0 = unlimited
    std::chrono::seconds auth_timeout{10};
    std::chrono::seconds idle_timeout{90};
    uint32_t max_frame_bytes = 65536;
    uint32_t send_queue_frames = 256;
    uint32_t max_relay_payload = 65535;  // beacon.limits.max_relay_payload

    // Fixed (PROTOCOL.md §5 and docs/wss.md).
    std::chrono::seconds header_timeout{5};  // TLS handshake + HTTP request header
    std::chrono::seconds close_timeout{5};   // WebSocket upgrade write and close handshake
    int64_t challenge_max_age_s = 30;
    size_t send_queue_bytes = size_t(4) << 20;  // per connection, whatever send_queue_frames says
    uint32_t max_pending = 1024;                // connections not yet authenticated (HTTP + auth)

    bool tls() const { return !tls_cert.empty() && !tls_key.empty(); }
};

// "host:port", "[v6]:port" or ":port" (every address, dual stack); throws
// std::invalid_argument naming the text.
boost::asio::ip::tcp::endpoint bind_endpoint(std::string_view text);

// control.wss (bind must not be empty) and beacon.limits.max_relay_payload.
Settings settings_from(const config::Config& cfg);

}  // namespace pb::cp::wss
