// controlplane/wss/listener.cpp — binding, accepting, the pending bound, TLS context.
#include "controlplane/wss/listener.hpp"

#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sstream>
#include <stdexcept>

#include "controlplane/wss/connection.hpp"

namespace pb::cp::wss {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr auto kAcceptRetry = std::chrono::milliseconds(100);  // after EMFILE and the like
}

std::shared_ptr<asio::ssl::context> make_tls_context(const std::string& cert_file, const std::string& key_file) {
    auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    boost::system::error_code ec;
    if (context->use_certificate_chain_file(cert_file, ec); ec)
        throw std::runtime_error("control.wss.tls_cert: " + cert_file + ": " + ec.message());
    if (context->use_private_key_file(key_file, asio::ssl::context::pem, ec); ec)
        throw std::runtime_error("control.wss.tls_key: " + key_file + ": " + ec.message());
    return context;
}

Listener::Listener(std::shared_ptr<Core> core) : core_(std::move(core)), acceptor_(core_->io) {
    const tcp::endpoint& bind = core_->settings.bind;
    boost::system::error_code ec;
    acceptor_.open(bind.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec && bind.address().is_v6() && bind.address().is_unspecified())
        acceptor_.set_option(asio::ip::v6_only(false), ec);  // "[::]:port" and ":port" take IPv4 too
    if (!ec) acceptor_.bind(bind, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        std::ostringstream where;
        where << bind;
        throw std::runtime_error("control.wss.bind: cannot listen on " + where.str() + ": " + ec.message());
    }
    accept();
}

Listener::~Listener() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
}

void Listener::accept_after(std::chrono::milliseconds delay) {
    auto timer = std::make_shared<asio::steady_timer>(core_->io, delay);
    timer->async_wait([this, core = core_, timer](const boost::system::error_code& ec) {
        if (!ec && !core->stopped) accept();  // stopped: this listener is gone
    });
}

void Listener::accept() {
    acceptor_.async_accept([this, core = core_](const boost::system::error_code& ec, tcp::socket socket) {
        if (core->stopped || ec == asio::error::operation_aborted) return;
        if (ec) return accept_after(kAcceptRetry);
        if (core->stats.pending() >= core->settings.max_pending) {
            ++core->stats.connections_refused;
            boost::system::error_code ignored;
            socket.close(ignored);
        } else {
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);  // a relay is latency-bound: no Nagle delay
            serve_connection(core, std::move(socket));
        }
        accept();
    });
}

}  // namespace pb::cp::wss
