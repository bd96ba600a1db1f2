// controlplane/wss/connection.cpp — one bridge connection, as a state machine
// over a Beast stream (plain TCP or TLS):
//   Http  TLS handshake and request header within 5 s; /health answered,
//         anything but a valid upgrade on control.wss.path refused (route.hpp);
//   Auth  upgraded: challenge sent, one text reply within auth_timeout_s,
//         key looked up, signature verified; failure → close 1008 "auth failed";
//   Peer  authenticated and registered by node id: every binary frame goes to
//         the relay router, tier-0 frames queue (bounded) for writing; Beast's
//         idle timeout with keep-alive pings ends a silent peer;
//   Done  bookkeeping finished, socket closed.
// One read and one write at a time, plus at most one close (Beast's rules).
#include "controlplane/wss/connection.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <optional>

#include "controlplane/wss/auth.hpp"
#include "controlplane/wss/out_queue.hpp"
#include "controlplane/wss/route.hpp"

namespace pb::cp::wss {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

constexpr uint32_t kHeaderLimit = 8192;

tables::NodeEndpoint endpoint_of(const tcp::endpoint& remote) {
    const asio::ip::address a = remote.address();
    const net::IpAddress address = a.is_v4() ? net::IpAddress::v4(a.to_v4().to_uint())
                                             : net::IpAddress::v6_bytes(a.to_v6().to_bytes().data()).unmapped();
    return {address, remote.port(), {}};
}

bool is_http_parse_error(const beast::error_code& ec) {
    return ec.category() == http::make_error_code(http::error::bad_target).category() &&
           ec != http::error::end_of_stream && ec != http::error::partial_message;
}

Disconnect disconnect_of(const beast::error_code& ec) {
    if (ec == beast::error::timeout) return Disconnect::Idle;
    if (ec == websocket::error::closed) return Disconnect::Closed;
    if (ec == websocket::error::message_too_big) return Disconnect::FrameTooLarge;
    return Disconnect::Lost;
}

template <class Stream>
class Connection final : public Link, public std::enable_shared_from_this<Connection<Stream>> {
public:
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

    template <class... StreamArgs>
    Connection(std::shared_ptr<Core> core, tcp::endpoint remote, StreamArgs&&... stream_args)
        : core_(std::move(core)),
          ws_(std::forward<StreamArgs>(stream_args)...),
          remote_(remote),
          auth_timer_(core_->io),
          queue_(core_->settings.send_queue_frames, core_->settings.send_queue_bytes) {}

    void start();
    Queued send(std::vector<uint8_t> frame) override;
    void replace() override;
    void abort() override;

private:
    enum class Phase : uint8_t { Http, Auth, Peer, Done };

    const Settings& settings() const { return core_->settings; }
    WssStats& stats() { return core_->stats; }
    void enter(Phase next);
    // HTTP.
    void read_request();
    void on_request(const beast::error_code& ec);
    void respond(http::status status, std::optional<Refusal> refusal);
    void refuse_silently(Refusal refusal);
    void upgrade(bool echo_subprotocol);
    // Auth.
    void begin_auth();
    void on_reply();
    void on_key(const KeyAnswer& answer);
    void fail_auth(AuthFailure failure);
    void authenticated();
    // Peer.
    void read_message();
    void on_message(const beast::error_code& ec);
    void on_frame();
    void write_next();
    void on_written(const beast::error_code& ec);
    void discard_queue();
    void close_ws(websocket::close_code code, std::string_view reason, Disconnect why);
    void end(Disconnect why);

    std::shared_ptr<Core> core_;
    websocket::stream<Stream> ws_;
    tcp::endpoint remote_;
    asio::steady_timer auth_timer_;
    OutQueue queue_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::empty_body>> parser_;
    std::optional<http::response<http::string_body>> response_;
    Challenge challenge_;
    AuthReply reply_;
    Phase phase_ = Phase::Http;
    std::optional<Disconnect> closing_;  // set once a close began
    bool writing_ = false;
    bool registered_ = false;  // holds node id reply_.node_id in the peer map
    bool replaced_ = false;
};

template <class Stream>
void Connection<Stream>::enter(Phase next) {
    auto gauge = [this](Phase p) -> uint64_t* {
        switch (p) {
            case Phase::Http: return &stats().pending_http;
            case Phase::Auth: return &stats().pending_auth;
            case Phase::Peer: return &stats().peers;
            case Phase::Done: break;
        }
        return nullptr;
    };
    if (uint64_t* from = gauge(phase_)) --*from;
    if (uint64_t* to = gauge(next)) ++*to;
    phase_ = next;
}

template <class Stream>
void Connection<Stream>::start() {
    core_->open.insert(this);
    ++stats().pending_http;
    beast::get_lowest_layer(ws_).expires_after(settings().header_timeout);
    if constexpr (kTls) {
        ws_.next_layer().async_handshake(asio::ssl::stream_base::server,
                                         [self = this->shared_from_this()](const beast::error_code& ec) {
                                             if (self->core_->stopped) return;
                                             if (!ec) return self->read_request();
                                             self->refuse_silently(ec == beast::error::timeout ? Refusal::HeaderTimeout
                                                                                               : Refusal::Tls);
                                         });
    } else {
        read_request();
    }
}

template <class Stream>
void Connection<Stream>::read_request() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    http::async_read(ws_.next_layer(), buffer_, *parser_,
                     [self = this->shared_from_this()](const beast::error_code& ec, size_t) {
                         if (!self->core_->stopped) self->on_request(ec);
                     });
}

template <class Stream>
void Connection<Stream>::on_request(const beast::error_code& ec) {
    if (ec == beast::error::timeout) return refuse_silently(Refusal::HeaderTimeout);
    if (ec == http::error::header_limit) return respond(http::status::request_header_fields_too_large, Refusal::HeaderTooLarge);
    if (ec && is_http_parse_error(ec)) return respond(http::status::bad_request, Refusal::BadRequest);
    if (ec) return refuse_silently(Refusal::Aborted);
    const bool at_capacity = settings().max_peers != 0 && stats().upgraded() >= settings().max_peers;
    const RouteDecision decision = route_request(parser_->get(), settings().path, at_capacity);
    switch (decision.kind) {
        case RouteDecision::Kind::Upgrade: return upgrade(decision.echo_subprotocol);
        case RouteDecision::Kind::Health: return respond(http::status::ok, std::nullopt);
        case RouteDecision::Kind::Refuse: return respond(decision.status, decision.refusal);
    }
}

template <class Stream>
void Connection<Stream>::respond(http::status status, std::optional<Refusal> refusal) {
    if (refusal) ++stats().refusals[size_t(*refusal)];
    response_.emplace(status, 11);
    response_->keep_alive(false);
    if (status == http::status::upgrade_required) {
        response_->set(http::field::connection, "Upgrade, close");
        response_->set(http::field::upgrade, "websocket");
        response_->set(http::field::sec_websocket_version, "13");
    } else if (status == http::status::method_not_allowed) {
        const std::string_view target = parser_->get().target();
        response_->set(http::field::allow, target.substr(0, target.find('?')) == kHealthPath ? "GET, HEAD" : "GET");
    }
    if (status != http::status::ok) {
        response_->set(http::field::content_type, "text/plain; charset=utf-8");
        response_->body() = std::string(http::obsolete_reason(status)) + "\n";
    }
    response_->prepare_payload();
    beast::get_lowest_layer(ws_).expires_after(settings().close_timeout);
    http::async_write(ws_.next_layer(), *response_, [self = this->shared_from_this()](const beast::error_code&, size_t) {
        if (self->core_->stopped) return;
        beast::error_code ignored;
        beast::get_lowest_layer(self->ws_).socket().shutdown(tcp::socket::shutdown_send, ignored);
        self->end(Disconnect::Closed);
    });
}

template <class Stream>
void Connection<Stream>::refuse_silently(Refusal refusal) {
    ++stats().refusals[size_t(refusal)];
    end(Disconnect::Closed);
}

template <class Stream>
void Connection<Stream>::upgrade(bool echo_subprotocol) {
    enter(Phase::Auth);  // counts against max_peers from here
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout{settings().close_timeout, settings().idle_timeout, true});
    ws_.read_message_max(settings().max_frame_bytes);
    ws_.auto_fragment(false);  // one message, one frame
    if (echo_subprotocol) {
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& response) { response.set(http::field::sec_websocket_protocol, kSubprotocol); }));
    }
    ws_.async_accept(parser_->get(), [self = this->shared_from_this()](const beast::error_code& ec) {
        if (self->core_->stopped) return;
        if (ec) return self->refuse_silently(Refusal::Handshake);
        ++self->stats().upgrades;
        self->begin_auth();
    });
}

template <class Stream>
void Connection<Stream>::begin_auth() {
    buffer_.consume(buffer_.size());
    challenge_ = Challenge::generate(core_->unix_now());
    auth_timer_.expires_after(settings().auth_timeout);
    auth_timer_.async_wait([self = this->shared_from_this()](const beast::error_code& ec) {
        if (!ec && !self->core_->stopped && self->phase_ == Phase::Auth && !self->closing_)
            self->fail_auth(AuthFailure::Timeout);
    });
    queue_.push_text(challenge_.json());
    write_next();
    read_message();
}

template <class Stream>
void Connection<Stream>::on_reply() {
    if (closing_) return;  // timed out meanwhile
    if (!ws_.got_text()) return fail_auth(AuthFailure::NotText);
    const ParsedReply parsed = parse_auth_reply(beast::buffers_to_string(buffer_.data()));
    if (parsed.failure) return fail_auth(*parsed.failure);
    reply_ = parsed.reply;
    core_->keys.lookup(reply_.node_id, [self = this->shared_from_this()](const KeyAnswer& answer) {
        if (!self->core_->stopped && self->phase_ == Phase::Auth && !self->closing_) self->on_key(answer);
    });
}

template <class Stream>
void Connection<Stream>::on_key(const KeyAnswer& answer) {
    if (answer.status != KeyStatus::Found)
        return fail_auth(answer.status == KeyStatus::Unknown ? AuthFailure::UnknownNode : AuthFailure::LookupFailed);
    if (const auto failure = verify_auth_reply(reply_, challenge_, answer.key, core_->unix_now(),
                                               settings().challenge_max_age_s))
        return fail_auth(*failure);
    authenticated();
}

template <class Stream>
void Connection<Stream>::fail_auth(AuthFailure failure) {
    ++stats().auth_failures[size_t(failure)];
    if (failure == AuthFailure::TableFull)
        close_ws(websocket::close_code::try_again_later, "beacon full", Disconnect::Closed);
    else
        close_ws(websocket::close_code::policy_error, "auth failed", Disconnect::Closed);
}

template <class Stream>
void Connection<Stream>::authenticated() {
    auth_timer_.cancel();
    if (!core_->peers.add(reply_.node_id, this->shared_from_this(), endpoint_of(remote_)))
        return fail_auth(AuthFailure::TableFull);
    registered_ = true;
    ++stats().auth_ok;
    enter(Phase::Peer);
    queue_.push_text(auth_ok_json());
    write_next();
    read_message();
}

template <class Stream>
void Connection<Stream>::read_message() {
    ws_.async_read(buffer_, [self = this->shared_from_this()](const beast::error_code& ec, size_t) {
        if (!self->core_->stopped) self->on_message(ec);
    });
}

template <class Stream>
void Connection<Stream>::on_message(const beast::error_code& ec) {
    if (ec) {
        if (phase_ == Phase::Auth && !closing_)
            ++stats().auth_failures[size_t(ec == websocket::error::message_too_big ? AuthFailure::TooLarge
                                                                                    : AuthFailure::Closed)];
        return end(closing_.value_or(disconnect_of(ec)));
    }
    const bool auth = phase_ == Phase::Auth;
    if (auth) on_reply(); else on_frame();
    buffer_.consume(buffer_.size());
    if (!auth && phase_ != Phase::Done) read_message();
}

template <class Stream>
void Connection<Stream>::on_frame() {
    const auto data = buffer_.cdata();
    if (closing_ || replaced_) {
        ++stats().ignored[size_t(Ignored::AfterClose)];
    } else if (ws_.got_text()) {
        ++stats().ignored[size_t(Ignored::Text)];
    } else {
        ++stats().frames_in;
        stats().bytes_in += data.size();
        core_->router.from_peer(reply_.node_id, std::span(static_cast<const uint8_t*>(data.data()), data.size()));
    }
}

template <class Stream>
Queued Connection<Stream>::send(std::vector<uint8_t> frame) {
    if (phase_ != Phase::Peer || closing_) return Queued::Gone;
    if (!queue_.push_binary(std::move(frame))) {
        ++stats().send_queue_drops;
        return Queued::Full;
    }
    write_next();
    return Queued::Yes;
}

template <class Stream>
void Connection<Stream>::write_next() {
    if (writing_ || closing_ || phase_ == Phase::Done || queue_.empty()) return;
    writing_ = true;
    const OutFrame& frame = queue_.front();
    ws_.text(frame.text);
    ws_.async_write(asio::buffer(frame.bytes), [self = this->shared_from_this()](const beast::error_code& ec, size_t) {
        if (!self->core_->stopped) self->on_written(ec);
    });
}

template <class Stream>
void Connection<Stream>::on_written(const beast::error_code& ec) {
    writing_ = false;
    if (ec) {
        discard_queue();  // the frame whose write failed included: the peer is gone (not_found)
        return end(closing_.value_or(Disconnect::WriteFailed));
    }
    if (!queue_.front().text) {
        ++stats().frames_out;
        stats().bytes_out += queue_.front().bytes.size();
    }
    queue_.pop_front();
    write_next();
}

// Drops what was queued for the peer (all but a frame being written).
template <class Stream>
void Connection<Stream>::discard_queue() {
    stats().relay_out_not_found += queue_.clear(writing_);
}

template <class Stream>
void Connection<Stream>::close_ws(websocket::close_code code, std::string_view reason, Disconnect why) {
    if (closing_ || phase_ == Phase::Done) return;
    closing_ = why;
    auth_timer_.cancel();
    discard_queue();
    ws_.async_close(websocket::close_reason(code, reason),
                    [self = this->shared_from_this()](const beast::error_code&) {
                        if (!self->core_->stopped) self->end(*self->closing_);
                    });
}

template <class Stream>
void Connection<Stream>::replace() {
    replaced_ = true;
    close_ws(websocket::close_code::normal, "replaced", Disconnect::Replaced);
}

template <class Stream>
void Connection<Stream>::abort() {
    end(Disconnect::Shutdown);
}

template <class Stream>
void Connection<Stream>::end(Disconnect why) {
    if (phase_ == Phase::Done) return;
    const auto keep_alive = this->shared_from_this();  // the peer map may hold the last other reference
    auth_timer_.cancel();
    if (registered_) {
        ++stats().disconnects[size_t(why)];
        core_->peers.remove(reply_.node_id, this);
        registered_ = false;
    }
    discard_queue();
    enter(Phase::Done);
    core_->open.erase(this);
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
}

}  // namespace

void serve_connection(const std::shared_ptr<Core>& core, tcp::socket socket) {
    beast::error_code ec;
    const tcp::endpoint remote = socket.remote_endpoint(ec);
    if (core->tls) {
        std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(core, remote, std::move(socket), *core->tls)
            ->start();
    } else {
        std::make_shared<Connection<beast::tcp_stream>>(core, remote, std::move(socket))->start();
    }
}

}  // namespace pb::cp::wss
