// controlplane/http/http_server.hpp — the health/metrics HTTP/1.1 server
// (Beast) on the control plane's io_context: binds in the constructor (so
// it is listening before the port starts), accepts asynchronously, at most
// ServerLimits::max_connections open at once (more are closed at once and
// counted), every session bounded in time and size.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <string_view>

#include "controlplane/http/http_session.hpp"
#include "controlplane/http/router.hpp"

namespace pb::cp::http {

// "ip:port", "[v6]:port" or ":port" (every address, IPv4 and IPv6) as a
// TCP endpoint, port 0 = any free one; throws std::invalid_argument naming
// the text.
boost::asio::ip::tcp::endpoint listen_endpoint(std::string_view text);

class HttpServer {
public:
    // Throws std::runtime_error naming the address when it cannot listen.
    HttpServer(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& bind, const Router& router,
               ServerLimits limits = {});
    // Stops accepting and closes every open connection.
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    const ServerStats& stats() const { return shared_->stats; }

private:
    void accept();
    // After an accept error (out of descriptors …): accept again a little later.
    void accept_later();

    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_timer_;
    std::shared_ptr<ServerShared> shared_;  // with the sessions
};

}  // namespace pb::cp::http
