// controlplane/registry/session.hpp — one TCP connection to the registry:
// resolve (a name is allowed) and connect within the connect timeout, then
// framed JSON request/reply pairs, all within one deadline counted from
// open(). Everything is asynchronous on the caller's io_context; a timer
// that expires closes the socket, so every pending operation completes with
// Failure::Timeout. Any failure closes the connection: an oversized or
// malformed reply is never read further.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/value.hpp>

#include "common/net/ip_address.hpp"
#include "controlplane/registry/frame.hpp"
#include "controlplane/registry/outcome.hpp"
#include "controlplane/registry/session_limits.hpp"

namespace pb::registry {

class Session : public std::enable_shared_from_this<Session> {
public:
    using Done = std::function<void(const Outcome&)>;
    // The reply is null unless the outcome is ok.
    using ReplyHandler = std::function<void(const Outcome&, const boost::json::value& reply)>;

    static std::shared_ptr<Session> create(boost::asio::io_context& io, const SessionLimits& limits);

    // Starts both timers, resolves and connects.
    void open(const net::HostPort& target, Done done);
    // Sends one framed request and reads one framed, parsed reply.
    void request(std::string json_text, ReplyHandler handler);
    void close();

private:
    Session(boost::asio::io_context& io, const SessionLimits& limits);
    void arm(boost::asio::steady_timer& timer, std::chrono::milliseconds after, bool connect_phase);
    std::chrono::milliseconds timer_limit(bool connect_phase) const;
    void expire(std::string detail);
    void complete_open(const Outcome& outcome);
    void read_header(ReplyHandler handler);
    void read_body(ReplyHandler handler);
    void fail(const ReplyHandler& handler, const Outcome& outcome);
    Outcome transport_failure(const boost::system::error_code& ec, Failure otherwise) const;

    boost::asio::ip::tcp::resolver resolver_;
    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer connect_timer_;
    boost::asio::steady_timer deadline_timer_;
    SessionLimits limits_;
    bool connected_ = false;
    Done open_done_;              // until open() has been answered
    std::string timeout_detail_;  // set when a timer closed the connection
    FrameHeader header_{};
    std::string buffer_;
};

}  // namespace pb::registry
