// tests/unit/http/http_test_client.cpp — bounded Beast client operations.
#include "tests/unit/http/http_test_client.hpp"

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

namespace pb::test {

namespace asio = boost::asio;
namespace beast = boost::beast;

HttpConnection::HttpConnection(const asio::ip::tcp::endpoint& server) : stream_(io_) {
    beast::error_code result = asio::error::would_block;
    stream_.expires_after(kClientTimeout);
    stream_.async_connect(server, [&](beast::error_code ec) { result = ec; });
    connected_ = run(kClientTimeout) && !result;
}

bool HttpConnection::run(std::chrono::steady_clock::duration timeout) {
    io_.restart();
    io_.run_for(timeout);
    return io_.stopped();
}

std::optional<HttpAnswer> HttpConnection::request(beast_http::verb method, const std::string& target, bool keep_alive) {
    if (!connected_) return std::nullopt;
    beast_http::request<beast_http::empty_body> req{method, target, 11};
    req.set(beast_http::field::host, "test");
    req.keep_alive(keep_alive);
    beast::error_code result = asio::error::would_block;
    stream_.expires_after(kClientTimeout);
    beast_http::async_write(stream_, req, [&](beast::error_code ec, std::size_t) { result = ec; });
    if (!run(kClientTimeout) || result) return std::nullopt;
    return read_answer(method == beast_http::verb::head);
}

std::optional<HttpAnswer> HttpConnection::read_answer(bool head) {
    if (!connected_) return std::nullopt;
    beast_http::response_parser<beast_http::string_body> parser;
    parser.skip(head);
    beast::error_code result = asio::error::would_block;
    stream_.expires_after(kClientTimeout);
    beast_http::async_read(stream_, buffer_, parser, [&](beast::error_code ec, std::size_t) { result = ec; });
    if (!run(kClientTimeout) || result) return std::nullopt;
    const auto& res = parser.get();
    HttpAnswer answer{res.result_int(),
                      res.body(),
                      std::string(res[beast_http::field::content_type]),
                      std::string(res[beast_http::field::allow]),
                      res.keep_alive(),
                      0};
    if (res.has_content_length())
        answer.content_length = std::stoul(std::string(res[beast_http::field::content_length]));
    return answer;
}

bool HttpConnection::send_raw(const std::string& bytes) {
    if (!connected_) return false;
    beast::error_code result = asio::error::would_block;
    stream_.expires_after(kClientTimeout);
    asio::async_write(stream_, asio::buffer(bytes), [&](beast::error_code ec, std::size_t) { result = ec; });
    return run(kClientTimeout) && !result;
}

bool HttpConnection::closed_by_server(std::chrono::milliseconds timeout) {
    if (!connected_) return true;
    char byte;
    beast::error_code result = asio::error::would_block;
    stream_.expires_after(timeout);
    stream_.async_read_some(asio::buffer(&byte, 1), [&](beast::error_code ec, std::size_t) { result = ec; });
    run(timeout + std::chrono::seconds(1));
    return result == asio::error::eof || result == asio::error::connection_reset;
}

std::optional<HttpAnswer> http_get(const asio::ip::tcp::endpoint& server, const std::string& target,
                                   beast_http::verb method) {
    HttpConnection connection(server);
    return connection.request(method, target, false);
}

}  // namespace pb::test
