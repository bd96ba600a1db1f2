// controlplane/http/http_session.hpp — one HTTP/1.1 connection of the
// health server: reads a request within the header timeout (header and body
// size bounded), answers it through the Router, and keeps the connection
// for the next request while the client asks for keep-alive. Runs on the
// control plane's io_context only.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_set>

#include "controlplane/http/router.hpp"

namespace pb::cp::http {

struct ServerLimits {
    unsigned max_connections = 64;                   // beyond: closed at once, counted
    std::chrono::milliseconds header_timeout{5000};  // to receive one whole request
    std::chrono::milliseconds write_timeout{5000};   // to send one answer
    uint32_t header_limit = 8 * 1024;                // bytes of request line + headers
    uint32_t body_limit = 1024;                      // bytes of request body
};

struct ServerStats {
    uint64_t accepted = 0;
    uint64_t rejected_over_limit = 0;  // connections closed at once: max_connections open
    uint64_t request_timeouts = 0;     // connections closed: no whole request within header_timeout
    uint64_t bad_requests = 0;         // unparsable or over the size limits (answered 400/413/431)
    uint64_t requests = 0;             // requests answered through the router
    unsigned open = 0;
};

class Session;

// What the sessions share with their server. It outlives the server while
// sessions remain (their handlers may be destroyed later, with the
// io_context); `router` is null once the server is gone.
struct ServerShared {
    const Router* router = nullptr;
    ServerLimits limits;
    ServerStats stats;
    std::unordered_set<Session*> sessions;
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerShared> shared);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void start() { read(); }
    // Closes the connection; pending operations end with operation_aborted.
    void close();

private:
    void read();
    void on_read(boost::beast::error_code ec);
    void write(Response response);
    void on_write(boost::beast::error_code ec);
    void reject(unsigned status, const char* body);

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
    Response response_;
    std::shared_ptr<ServerShared> shared_;
};

}  // namespace pb::cp::http
