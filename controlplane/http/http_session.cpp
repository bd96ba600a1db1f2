// controlplane/http/http_session.cpp — read, answer, repeat while keep-alive.
#include "controlplane/http/http_session.hpp"

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace pb::cp::http {

namespace beast = boost::beast;

Session::Session(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerShared> shared)
    : stream_(std::move(socket)), shared_(std::move(shared)) {
    shared_->sessions.insert(this);
    ++shared_->stats.open;
}

Session::~Session() {
    shared_->sessions.erase(this);
    --shared_->stats.open;
}

void Session::close() {
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
}

void Session::read() {
    parser_.emplace();
    parser_->header_limit(shared_->limits.header_limit);
    parser_->body_limit(shared_->limits.body_limit);
    stream_.expires_after(shared_->limits.header_timeout);
    beast_http::async_read(stream_, buffer_, *parser_,
                           [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void Session::on_read(beast::error_code ec) {
    if (ec == beast::error::timeout) {
        ++shared_->stats.request_timeouts;
        return close();
    }
    if (ec == beast_http::error::header_limit) return reject(431, "request header too large\n");
    if (ec == beast_http::error::body_limit) return reject(413, "request body too large\n");
    if (ec == beast_http::error::end_of_stream || ec == boost::asio::error::operation_aborted ||
        ec == boost::asio::error::connection_reset || ec == boost::asio::error::eof)
        return close();
    if (ec) return reject(400, "bad request\n");
    if (shared_->router == nullptr) return close();
    ++shared_->stats.requests;
    write(shared_->router->respond(parser_->get()));
}

void Session::reject(unsigned status, const char* body) {
    ++shared_->stats.bad_requests;
    write(plain_response(status, body, 11, false));
}

void Session::write(Response response) {
    response_ = std::move(response);
    stream_.expires_after(shared_->limits.write_timeout);
    beast_http::async_write(stream_, response_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

void Session::on_write(beast::error_code ec) {
    if (ec) return close();
    if (response_.keep_alive()) return read();
    // Done: send FIN; the socket closes when the last handler lets go.
    beast::error_code ignored;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace pb::cp::http
