// controlplane/wss/listener.hpp — the bridge's TCP listener: bound in the
// constructor (before the port starts, ARCHITECTURE.md §6), accepting on the
// io_context. Connections not yet authenticated are bounded
// (Settings::max_pending): over it a new connection is closed at once and
// counted. Also the TLS server context from control.wss.tls_cert/tls_key.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "controlplane/wss/core.hpp"

namespace pb::cp::wss {

// TLS 1.2+ server context with the PEM certificate chain and key; throws
// std::runtime_error naming the file and OpenSSL's reason.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const std::string& cert_file, const std::string& key_file);

class Listener {
public:
    // Throws std::runtime_error naming control.wss.bind when it cannot listen.
    explicit Listener(std::shared_ptr<Core> core);
    ~Listener();
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

private:
    void accept();
    void accept_after(std::chrono::milliseconds delay);  // after EMFILE and the like

    std::shared_ptr<Core> core_;
    boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace pb::cp::wss
