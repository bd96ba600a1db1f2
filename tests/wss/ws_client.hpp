// tests/wss/ws_client.hpp — a Beast WebSocket client playing a Pilot daemon in
// compat mode, for the WSS tests (in-process, sharing the server's
// io_context), the scriptable test client the e2e tests drive and the
// benchmark. Every call is bounded by its timeout: it runs the io_context
// until its own operation completes or the deadline passes (other handlers on
// the same io_context, such as an in-process server's, run meanwhile).
// Between calls nothing is read: a client that is not asked to receive is a
// slow reader, and answers no pings.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pb::test {

using Timeout = std::chrono::milliseconds;

struct ClientOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 0;
    std::string path = "/v1/compat";
    std::optional<std::string> origin;                    // none: no Origin header
    std::optional<std::string> subprotocol = "pilot.v1";  // none: no Sec-WebSocket-Protocol
    bool tls = false;
    std::string ca_file;      // with tls: verify the server against this CA (PEM); "" = no verification
    int receive_buffer = 0;   // SO_RCVBUF before connecting; 0 = the system's
    uint32_t max_message = 1u << 20;
};

struct UpgradeResult {
    bool ok = false;
    unsigned status = 0;      // HTTP status of the answer (101 on success); 0 = none
    std::string subprotocol;  // Sec-WebSocket-Protocol of the answer
    std::string error;
};

struct Received {
    enum class Kind { Binary, Text, Closed, Timeout, Error } kind = Kind::Timeout;
    std::vector<uint8_t> data;
    uint16_t close_code = 0;  // Closed: the server's close frame (0: none, the connection just ended)
    std::string close_reason;
    std::string error;

    std::string text() const { return std::string(data.begin(), data.end()); }
};

struct AuthOutcome {
    std::string challenge;  // the auth_challenge text (empty when none came)
    std::string nonce;
    int64_t ts = 0;
    Received result;        // Text {"type":"auth_ok"} on success, Closed 1008 on failure
};

// How the auth_reply is made (the failure classes of PROTOCOL.md §5).
enum class AuthMode {
    Good,
    BadSignature,  // signed by another key
    BadBase64,
    ZeroNodeId,
    WrongType,
    BadJson,
    Binary,        // the right reply as a binary frame
    WrongNonce,    // signature over another nonce
    Silent,        // no reply at all
};

class WsClient {
public:
    virtual ~WsClient() = default;
    virtual UpgradeResult connect(Timeout timeout) = 0;
    virtual bool send(std::span<const uint8_t> data, bool text, Timeout timeout) = 0;
    virtual Received recv(Timeout timeout) = 0;
    // Sends a close frame (1000) and waits for the server's.
    virtual void close(Timeout timeout) = 0;

    bool send_binary(std::span<const uint8_t> data, Timeout timeout) { return send(data, false, timeout); }
    bool send_text(std::string_view text, Timeout timeout);
    // Reads the challenge and answers it as `mode` says, for `node_id` (signed
    // with the test identity of `key_id`, default node_id), `reply_delay`
    // after the challenge (nothing runs meanwhile); returns what came back.
    AuthOutcome authenticate(uint32_t node_id, AuthMode mode, Timeout timeout, uint32_t key_id = 0,
                             Timeout reply_delay = Timeout(0));
};

std::unique_ptr<WsClient> make_client(boost::asio::io_context& io, const ClientOptions& options);

struct HttpAnswer {
    unsigned status = 0;  // 0: no answer (closed or timed out)
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

// Sends `request` (raw bytes, e.g. "GET /health HTTP/1.1\r\n...\r\n\r\n") on a
// new connection and reads one response.
HttpAnswer http_exchange(boost::asio::io_context& io, const std::string& host, uint16_t port, std::string request,
                         Timeout timeout);

}  // namespace pb::test
