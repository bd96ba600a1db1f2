// controlplane/http/http_server.cpp — listening, accepting, the connection cap.
#include "controlplane/http/http_server.hpp"

#include <boost/asio/ip/v6_only.hpp>

#include <charconv>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace pb::cp::http {

namespace asio = boost::asio;
using asio::ip::tcp;

tcp::endpoint listen_endpoint(std::string_view text) {
    const auto invalid = [text] {
        return std::invalid_argument("'" + std::string(text) + "' is not a listen address");
    };
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) throw invalid();
    std::string_view host = text.substr(0, colon);
    const std::string_view port_text = text.substr(colon + 1);
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port_text.empty() || port > 65535)
        throw invalid();
    if (host.empty()) return {tcp::v6(), uint16_t(port)};  // every address, IPv4 too, as Go's ":port"
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    boost::system::error_code parse_ec;
    const auto address = asio::ip::make_address(std::string(host), parse_ec);
    if (parse_ec) throw invalid();
    return {address, uint16_t(port)};
}

namespace {

constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

void open_listening(tcp::acceptor& acceptor, const tcp::endpoint& bind) {
    acceptor.open(bind.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    if (bind.address().is_v6() && bind.address().is_unspecified()) acceptor.set_option(asio::ip::v6_only(false));
    acceptor.bind(bind);
    acceptor.listen(asio::socket_base::max_listen_connections);
}

}  // namespace

HttpServer::HttpServer(asio::io_context& io, const tcp::endpoint& bind, const Router& router, ServerLimits limits)
    : acceptor_(io), retry_timer_(io), shared_(std::make_shared<ServerShared>()) {
    shared_->router = &router;
    shared_->limits = limits;
    try {
        open_listening(acceptor_, bind);
    } catch (const boost::system::system_error& e) {
        std::ostringstream where;
        where << bind;
        throw std::runtime_error("control.health: cannot listen on " + where.str() + ": " + e.code().message());
    }
    accept();
}

HttpServer::~HttpServer() {
    shared_->router = nullptr;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
    const std::vector<Session*> open(shared_->sessions.begin(), shared_->sessions.end());
    for (Session* session : open) session->close();
}

void HttpServer::accept() {
    acceptor_.async_accept([this, shared = shared_](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || shared->router == nullptr) return;
        if (ec) return accept_later();
        if (shared->stats.open >= shared->limits.max_connections) {
            ++shared->stats.rejected_over_limit;
            boost::system::error_code ignored;
            socket.close(ignored);
        } else {
            ++shared->stats.accepted;
            std::make_shared<Session>(std::move(socket), shared)->start();
        }
        accept();
    });
}

void HttpServer::accept_later() {
    retry_timer_.expires_after(kAcceptRetryDelay);
    retry_timer_.async_wait([this, shared = shared_](boost::system::error_code ec) {
        if (!ec && shared->router != nullptr) accept();
    });
}

}  // namespace pb::cp::http
