// controlplane/registry/session.cpp — the registry connection: timers,
// framed writes and reads, reply parsing, failure classification.
#include "controlplane/registry/session.hpp"

#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>

namespace pb::registry {

namespace asio = boost::asio;
using boost::system::error_code;

std::shared_ptr<Session> Session::create(asio::io_context& io, const SessionLimits& limits) {
    return std::shared_ptr<Session>(new Session(io, limits));
}

Session::Session(asio::io_context& io, const SessionLimits& limits)
    : resolver_(io), socket_(io), connect_timer_(io), deadline_timer_(io), limits_(limits) {}

void Session::open(const net::HostPort& target, Done done) {
    open_done_ = std::move(done);
    arm(connect_timer_, limits_.connect_timeout, true);
    arm(deadline_timer_, limits_.deadline, false);
    resolver_.async_resolve(
        target.host, std::to_string(target.port), asio::ip::tcp::resolver::numeric_service,
        [self = shared_from_this()](const error_code& ec, const asio::ip::tcp::resolver::results_type& found) {
            if (!self->open_done_) return;  // timed out while the resolver was still busy
            if (ec) return self->complete_open(self->transport_failure(ec, Failure::Resolve));
            asio::async_connect(self->socket_, found, [self](const error_code& ec, const auto&) {
                self->connected_ = !ec;
                self->connect_timer_.cancel();
                self->complete_open(ec ? self->transport_failure(ec, Failure::Connect) : Outcome{});
            });
        });
}

void Session::complete_open(const Outcome& outcome) {
    if (!outcome.ok()) close();
    if (Done done = std::exchange(open_done_, nullptr)) done(outcome);
}

void Session::request(std::string json_text, ReplyHandler handler) {
    buffer_ = frame(json_text);
    asio::async_write(socket_, asio::buffer(buffer_),
                      [self = shared_from_this(), handler = std::move(handler)](const error_code& ec, size_t) {
                          if (ec) return self->fail(handler, self->transport_failure(ec, Failure::Closed));
                          self->read_header(handler);
                      });
}

void Session::close() {
    error_code ignored;
    resolver_.cancel();
    socket_.close(ignored);
    connect_timer_.cancel();
    deadline_timer_.cancel();
}

void Session::arm(asio::steady_timer& timer, std::chrono::milliseconds after, bool connect_phase) {
    timer.expires_after(after);
    timer.async_wait([weak = weak_from_this(), connect_phase](const error_code& ec) {
        const auto self = weak.lock();
        if (ec || !self || (connect_phase && self->connected_)) return;
        self->expire(std::string(connect_phase ? "not connected within " : "exchange not done within ") +
                     std::to_string(self->timer_limit(connect_phase).count()) + " ms");
    });
}

std::chrono::milliseconds Session::timer_limit(bool connect_phase) const {
    return connect_phase ? limits_.connect_timeout : limits_.deadline;
}

// A name lookup cannot be interrupted (getaddrinfo runs on Asio's resolver
// thread), so a pending open() is answered now and its late result ignored.
void Session::expire(std::string detail) {
    timeout_detail_ = std::move(detail);
    error_code ignored;
    resolver_.cancel();
    socket_.close(ignored);
    if (!connected_) complete_open(transport_failure({}, Failure::Timeout));
}

void Session::read_header(ReplyHandler handler) {
    asio::async_read(socket_, asio::buffer(header_),
                     [self = shared_from_this(), handler = std::move(handler)](const error_code& ec, size_t) {
                         if (ec) return self->fail(handler, self->transport_failure(ec, Failure::Closed));
                         const uint32_t length = frame_length(self->header_);
                         if (Outcome check = check_frame_length(length, self->limits_.max_reply_bytes); !check.ok())
                             return self->fail(handler, check);
                         self->buffer_.resize(length);
                         self->read_body(handler);
                     });
}

void Session::read_body(ReplyHandler handler) {
    asio::async_read(socket_, asio::buffer(buffer_),
                     [self = shared_from_this(), handler = std::move(handler)](const error_code& ec, size_t) {
                         if (ec) return self->fail(handler, self->transport_failure(ec, Failure::Closed));
                         boost::json::error_code parse_error;
                         const boost::json::value reply = boost::json::parse(self->buffer_, parse_error);
                         if (parse_error) return self->fail(handler, Outcome::fail(Failure::BadJson, parse_error.message()));
                         handler(Outcome{}, reply);
                     });
}

void Session::fail(const ReplyHandler& handler, const Outcome& outcome) {
    close();
    handler(outcome, boost::json::value());
}

Outcome Session::transport_failure(const error_code& ec, Failure otherwise) const {
    if (!timeout_detail_.empty()) return Outcome::fail(Failure::Timeout, timeout_detail_);
    if (ec == asio::error::eof || ec == asio::error::connection_reset)
        return Outcome::fail(Failure::Closed, "connection closed by the registry");
    return Outcome::fail(otherwise, ec.message());
}

}  // namespace pb::registry
