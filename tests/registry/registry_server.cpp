// tests/registry/registry_server.cpp — the test registry's connections and
// answers.
#include "tests/registry/registry_server.hpp"

#include <array>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "controlplane/registry/frame.hpp"

namespace pb::registry::testing {

namespace asio = boost::asio;
namespace json = boost::json;
using asio::ip::tcp;
using boost::system::error_code;

namespace {
std::string length_prefix(uint32_t length) {
    return {char(length >> 24), char(length >> 16), char(length >> 8), char(length)};
}
}  // namespace

class RegistryServer::Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(RegistryServer& server, tcp::socket socket) : server_(server), socket_(std::move(socket)) {}

    void read() {
        asio::async_read(socket_, asio::buffer(header_), [self = shared_from_this()](const error_code& ec, size_t) {
            if (ec) return self->closed(ec);
            self->body_.resize(frame_length(self->header_));
            asio::async_read(self->socket_, asio::buffer(self->body_), [self](const error_code& ec, size_t) {
                if (ec) return self->closed(ec);
                self->handle();
            });
        });
    }

    void close() {
        error_code ignored;
        socket_.close(ignored);
    }

private:
    void handle() {
        const json::object request = json::parse(body_).as_object();  // our client sends valid JSON
        server_.requests_.push_back(request);
        switch (server_.mode_) {
            case ReplyMode::Normal: return send(frame(server_.answer(request)));
            case ReplyMode::Garbage: return send(frame("{\"type\": beacon_list_ok"));
            case ReplyMode::Oversized: return send(length_prefix(uint32_t(kMaxReplyBytes + 1)) + "{}");
            case ReplyMode::ZeroLength: return send(length_prefix(0));
            case ReplyMode::Silent: return read();
        }
    }

    void send(std::string bytes) {
        out_ = std::move(bytes);
        asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this()](const error_code& ec, size_t) {
            if (!ec) self->read();
        });
    }

    void closed(const error_code& ec) {
        if (ec == asio::error::eof || ec == asio::error::connection_reset) ++server_.closed_by_client_;
    }

    RegistryServer& server_;
    tcp::socket socket_;
    FrameHeader header_{};
    std::string body_;
    std::string out_;
};

RegistryServer::RegistryServer(asio::io_context& io)
    : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    accept();
}

RegistryServer::~RegistryServer() {
    error_code ignored;
    acceptor_.close(ignored);
    for (const auto& weak : connections_)
        if (const auto connection = weak.lock()) connection->close();
}

std::string RegistryServer::address() const {
    return "127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
}

size_t RegistryServer::count(std::string_view type) const {
    size_t n = 0;
    for (const auto& request : requests_)
        if (const auto* t = request.if_contains("type"); t != nullptr && t->is_string() && t->get_string() == type) ++n;
    return n;
}

void RegistryServer::accept() {
    acceptor_.async_accept([this](const error_code& ec, tcp::socket socket) {
        if (ec) return;
        ++accepted_;
        auto connection = std::make_shared<Connection>(*this, std::move(socket));
        connections_.push_back(connection);
        connection->read();
        accept();
    });
}

std::string RegistryServer::answer(const json::object& request) const {
    const std::string type(request.at("type").as_string());
    if (const auto set = replies_.find(type); set != replies_.end()) return json::serialize(set->second);
    if (type == "beacon_register")
        return json::serialize(json::object{{"type", "beacon_register_ok"}, {"beacon_id", request.at("beacon_id")}});
    if (type == "beacon_list") return json::serialize(json::object{{"type", "beacon_list_ok"}, {"beacons", beacons_}});
    if (type == "lookup") {
        const auto node_id = uint32_t(request.at("node_id").to_number<uint64_t>());
        if (const auto key = keys_.find(node_id); key != keys_.end())
            return json::serialize(json::object{{"type", "lookup_ok"}, {"node_id", node_id}, {"public_key", key->second}});
        return json::serialize(json::object{{"type", "error"}, {"error", "node not found"}});
    }
    return json::serialize(json::object{{"type", "error"}, {"error", "unknown request type"}});
}

ClosedPort::ClosedPort(asio::io_context& io) : socket_(io) {
    socket_.open(tcp::v4());
    socket_.bind(tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
}

std::string ClosedPort::address() const { return "127.0.0.1:" + std::to_string(socket_.local_endpoint().port()); }

}  // namespace pb::registry::testing
