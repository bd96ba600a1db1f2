// controlplane/wss/settings.cpp — control.wss as typed settings.
#include "controlplane/wss/settings.hpp"

#include <stdexcept>

#include "common/net/ip_address.hpp"

namespace pb::cp::wss {

namespace asio = boost::asio;

asio::ip::tcp::endpoint bind_endpoint(std::string_view text) {
    const std::optional<net::HostPort> host_port = net::HostPort::parse(text);
    boost::system::error_code ec;
    asio::ip::address address = asio::ip::address_v6::any();
    if (host_port && !host_port->host.empty()) address = asio::ip::make_address(host_port->host, ec);
    if (!host_port || ec) throw std::invalid_argument("control.wss.bind: '" + std::string(text) + "' is not host:port");
    return {address, host_port->port};
}

Settings settings_from(const config::Config& cfg) {
    const config::WssConfig& w = cfg.control.wss;
    Settings s;
    s.bind = bind_endpoint(w.bind);
    s.path = w.path;
    s.tls_cert = w.tls_cert;
    s.tls_key = w.tls_key;
    s.max_peers = w.max_peers;
    s.auth_timeout = std::chrono::seconds(w.auth_timeout_s);
    s.idle_timeout = std::chrono::seconds(w.idle_timeout_s);
    s.max_frame_bytes = w.max_frame_bytes;
    s.send_queue_frames = w.send_queue_frames;
    s.max_relay_payload = cfg.beacon.limits.max_relay_payload;
    return s;
}

}  // namespace pb::cp::wss
