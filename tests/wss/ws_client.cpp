// tests/wss/ws_client.cpp — the test WebSocket client (plain or TLS) and the
// raw HTTP exchange, each call bounded by running the io_context until its
// operation completes or its deadline passes.
#include "tests/wss/ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <deque>
#include <thread>

#include "controlplane/wss/codec.hpp"
#include "tests/wss/test_keys.hpp"

namespace pb::test {

namespace {

using Clock = std::chrono::steady_clock;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;

// Runs `io` until done() or the deadline; false on timeout.
template <class Done>
bool run_until(asio::io_context& io, Done done, Timeout timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!done()) {
        if (io.stopped()) io.restart();
        if (Clock::now() >= deadline) return false;
        io.run_one_until(deadline);
    }
    return true;
}

bool run_until(asio::io_context& io, const bool& flag, Timeout timeout) {
    return run_until(io, [&flag] { return flag; }, timeout);
}

Received just(Received::Kind kind) {
    Received r;
    r.kind = kind;
    return r;
}

template <class Stream>
class Client final : public WsClient {
public:
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

    Client(asio::io_context& io, ClientOptions options)
        requires(!kTls)
        : io_(io), options_(std::move(options)), ws_(io) {}
    Client(asio::io_context& io, ClientOptions options, std::shared_ptr<asio::ssl::context> tls)
        requires kTls
        : io_(io), options_(std::move(options)), tls_(std::move(tls)), ws_(io, *tls_) {}

    ~Client() override { abandon_read(); }

    UpgradeResult connect(Timeout timeout) override;
    bool send(std::span<const uint8_t> data, bool text, Timeout timeout) override;
    Received recv(Timeout timeout) override;
    void close(Timeout timeout) override;

private:
    void start_read();
    // Ends a read still pending (its handler refers to this client).
    void abandon_read();

    asio::io_context& io_;
    ClientOptions options_;
    std::shared_ptr<asio::ssl::context> tls_;  // outlives ws_
    websocket::stream<Stream> ws_;
    beast::flat_buffer buffer_;
    bool reading_ = false;
    std::deque<Received> inbox_;
};

template <class Stream>
UpgradeResult Client<Stream>::connect(Timeout timeout) {
    UpgradeResult result;
    bool done = false;
    beast::error_code failure;
    auto& socket = beast::get_lowest_layer(ws_).socket();
    const tcp::endpoint server(asio::ip::make_address(options_.host), options_.port);
    socket.open(server.protocol());
    if (options_.receive_buffer > 0) socket.set_option(asio::socket_base::receive_buffer_size(options_.receive_buffer));
    auto response = std::make_shared<websocket::response_type>();
    auto handshake = [this, &done, &failure, response](const beast::error_code& ec) {
        if (ec) {
            failure = ec;
            done = true;
            return;
        }
        ws_.set_option(websocket::stream_base::decorator([this](websocket::request_type& request) {
            if (options_.origin) request.set(http::field::origin, *options_.origin);
            if (options_.subprotocol) request.set(http::field::sec_websocket_protocol, *options_.subprotocol);
        }));
        ws_.read_message_max(options_.max_message);
        ws_.auto_fragment(false);
        ws_.async_handshake(*response, options_.host, options_.path, [&done, &failure](const beast::error_code& e) {
            failure = e;
            done = true;
        });
    };
    socket.async_connect(server, [this, handshake](const beast::error_code& ec) {
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ignored);
        if (ec || !kTls) return handshake(ec);
        if constexpr (kTls) ws_.next_layer().async_handshake(asio::ssl::stream_base::client, handshake);
    });
    if (!run_until(io_, done, timeout)) {
        beast::get_lowest_layer(ws_).close();
        run_until(io_, done, Timeout(1000));
        result.error = "timeout";
        return result;
    }
    result.status = response->result_int();
    result.subprotocol = std::string((*response)[http::field::sec_websocket_protocol]);
    result.ok = !failure && result.status == 101;
    if (failure) result.error = failure.message();
    return result;
}

template <class Stream>
bool Client<Stream>::send(std::span<const uint8_t> data, bool text, Timeout timeout) {
    bool done = false;
    beast::error_code failure;
    ws_.text(text);
    ws_.async_write(asio::buffer(data.data(), data.size()), [&](const beast::error_code& ec, size_t) {
        failure = ec;
        done = true;
    });
    if (!run_until(io_, done, timeout)) {
        beast::get_lowest_layer(ws_).close();
        run_until(io_, done, Timeout(1000));
        return false;
    }
    return !failure;
}

template <class Stream>
void Client<Stream>::start_read() {
    reading_ = true;
    ws_.async_read(buffer_, [this](const beast::error_code& ec, size_t) {
        reading_ = false;
        Received r;
        if (!ec) {
            r.kind = ws_.got_text() ? Received::Kind::Text : Received::Kind::Binary;
            const auto data = buffer_.cdata();
            r.data.assign(static_cast<const uint8_t*>(data.data()), static_cast<const uint8_t*>(data.data()) + data.size());
            buffer_.consume(buffer_.size());
        } else if (ec == websocket::error::closed) {
            r.kind = Received::Kind::Closed;
            r.close_code = uint16_t(ws_.reason().code);
            r.close_reason = std::string(ws_.reason().reason.c_str());
        } else {
            r.kind = Received::Kind::Closed;  // the connection ended without a close frame
            r.error = ec.message();
        }
        inbox_.push_back(std::move(r));
    });
}

template <class Stream>
Received Client<Stream>::recv(Timeout timeout) {
    const auto deadline = Clock::now() + timeout;
    while (inbox_.empty()) {
        if (!reading_) {
            if (!ws_.is_open() && !beast::get_lowest_layer(ws_).socket().is_open()) return just(Received::Kind::Closed);
            start_read();
        }
        if (io_.stopped()) io_.restart();
        if (Clock::now() >= deadline) return just(Received::Kind::Timeout);
        io_.run_one_until(deadline);
    }
    Received r = std::move(inbox_.front());
    inbox_.pop_front();
    return r;
}

template <class Stream>
void Client<Stream>::close(Timeout timeout) {
    bool done = false;
    ws_.async_close(websocket::close_code::normal, [&done](const beast::error_code&) { done = true; });
    if (!run_until(io_, done, timeout)) {
        beast::get_lowest_layer(ws_).close();
        run_until(io_, done, Timeout(1000));
    }
    abandon_read();
}

template <class Stream>
void Client<Stream>::abandon_read() {
    if (!reading_) return;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    run_until(io_, [this] { return !reading_; }, Timeout(2000));
}

std::string reply_for(const boost::json::object& challenge, uint32_t node_id, AuthMode mode, uint32_t key_id) {
    const std::string nonce(challenge.at("nonce").as_string());
    const int64_t ts = challenge.at("ts").to_number<int64_t>();
    const TestIdentity identity = test_identity(mode == AuthMode::BadSignature ? node_id + 1 : key_id);
    const std::string key_b64 = cp::wss::encode_base64(identity.public_key);
    const std::string signed_nonce = mode == AuthMode::WrongNonce ? std::string(nonce.size(), '0') : nonce;
    const std::string sig = sign_compat_auth(identity, node_id, ts, signed_nonce);
    switch (mode) {
        case AuthMode::BadBase64: return auth_reply_json(node_id, key_b64, "!!not base64!!");
        case AuthMode::ZeroNodeId: return auth_reply_json(0, key_b64, sig);
        case AuthMode::WrongType: return R"({"type":"auth_response","node_id":)" + std::to_string(node_id) + "}";
        case AuthMode::BadJson: return R"({"type":"auth_reply","node_id":)";
        default: return auth_reply_json(node_id, key_b64, sig);
    }
}

}  // namespace

bool WsClient::send_text(std::string_view text, Timeout timeout) {
    return send(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()), true, timeout);
}

AuthOutcome WsClient::authenticate(uint32_t node_id, AuthMode mode, Timeout timeout, uint32_t key_id,
                                   Timeout reply_delay) {
    AuthOutcome outcome;
    Received challenge = recv(timeout);
    if (challenge.kind != Received::Kind::Text) {
        outcome.result = std::move(challenge);
        return outcome;
    }
    outcome.challenge = challenge.text();
    boost::system::error_code ec;
    const boost::json::value parsed = boost::json::parse(outcome.challenge, ec);
    if (ec || !parsed.is_object() || !parsed.get_object().contains("nonce") || !parsed.get_object().contains("ts")) {
        outcome.result.kind = Received::Kind::Error;
        outcome.result.error = "the challenge is not the JSON of PROTOCOL.md §5";
        return outcome;
    }
    outcome.nonce = std::string(parsed.at("nonce").as_string());
    outcome.ts = parsed.at("ts").to_number<int64_t>();
    std::this_thread::sleep_for(reply_delay);
    if (mode != AuthMode::Silent) {
        const std::string reply = reply_for(parsed.get_object(), node_id, mode, key_id != 0 ? key_id : node_id);
        send(std::span(reinterpret_cast<const uint8_t*>(reply.data()), reply.size()), mode != AuthMode::Binary,
             timeout);
    }
    outcome.result = recv(timeout);
    return outcome;
}

std::unique_ptr<WsClient> make_client(asio::io_context& io, const ClientOptions& options) {
    if (!options.tls) return std::make_unique<Client<beast::tcp_stream>>(io, options);
    auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    if (!options.ca_file.empty()) {
        context->load_verify_file(options.ca_file);
        context->set_verify_mode(asio::ssl::verify_peer);
    }
    return std::make_unique<Client<beast::ssl_stream<beast::tcp_stream>>>(io, options, std::move(context));
}

HttpAnswer http_exchange(asio::io_context& io, const std::string& host, uint16_t port, std::string request,
                         Timeout timeout) {
    HttpAnswer answer;
    beast::tcp_stream stream(io);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    bool done = false;
    stream.expires_after(timeout);
    stream.async_connect(tcp::endpoint(asio::ip::make_address(host), port), [&](const beast::error_code& ec) {
        if (ec) {
            done = true;
            return;
        }
        asio::async_write(stream, asio::buffer(request), [&](const beast::error_code& wec, size_t) {
            if (wec) {
                done = true;
                return;
            }
            http::async_read(stream, buffer, response, [&](const beast::error_code& rec, size_t) {
                if (!rec) answer.status = response.result_int();
                done = true;
            });
        });
    });
    if (!run_until(io, done, timeout + Timeout(1000))) {
        stream.close();
        run_until(io, done, Timeout(1000));
    }
    answer.body = response.body();
    for (const auto& field : response) answer.headers.emplace_back(field.name_string(), field.value());
    return answer;
}

}  // namespace pb::test
