// tests/unit/http/http_test_client.hpp — a Beast HTTP/1.1 client for the
// tests, every operation bounded in time (its own io_context, run_for).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace pb::test {

namespace beast_http = boost::beast::http;

struct HttpAnswer {
    unsigned status = 0;
    std::string body;
    std::string content_type;
    std::string allow;
    bool keep_alive = false;
    std::size_t content_length = 0;
};

inline constexpr auto kClientTimeout = std::chrono::seconds(3);

// One client connection; requests may reuse it (keep-alive).
class HttpConnection {
public:
    explicit HttpConnection(const boost::asio::ip::tcp::endpoint& server);

    // Sends one request and reads the answer; nullopt on any error or timeout.
    std::optional<HttpAnswer> request(beast_http::verb method, const std::string& target, bool keep_alive = true);
    // Writes raw bytes (a partial request, garbage).
    bool send_raw(const std::string& bytes);
    // Reads one answer (after send_raw); nullopt on any error or timeout.
    std::optional<HttpAnswer> read_answer(bool head = false);
    // Waits up to `timeout` for the server to close the connection: true when
    // it did (EOF or reset), false when it stayed open or sent data.
    bool closed_by_server(std::chrono::milliseconds timeout);

private:
    bool run(std::chrono::steady_clock::duration timeout);

    boost::asio::io_context io_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    bool connected_ = false;
};

// A fresh connection, one request, connection closed.
std::optional<HttpAnswer> http_get(const boost::asio::ip::tcp::endpoint& server, const std::string& target,
                                   beast_http::verb method = beast_http::verb::get);

}  // namespace pb::test
