// tests/registry/registry_server.hpp — an in-process registry speaking the
// real protocol (4-byte big-endian length + JSON) on 127.0.0.1, port 0, on
// the test's io_context. It records every request, answers beacon_register,
// beacon_list and lookup like the registry, and can misbehave on demand:
// garbage, an oversized or zero length prefix, silence, or any reply the
// test sets for one request type (error replies, wrong types).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace pb::registry::testing {

enum class ReplyMode {
    Normal,      // the registry's replies (or the ones set with set_reply)
    Garbage,     // a well-framed reply that is not JSON
    Oversized,   // a length prefix of 1 MiB + 1
    ZeroLength,  // a length prefix of 0
    Silent,      // reads requests, never answers
};

class RegistryServer {
public:
    explicit RegistryServer(boost::asio::io_context& io);
    ~RegistryServer();
    RegistryServer(const RegistryServer&) = delete;
    RegistryServer& operator=(const RegistryServer&) = delete;

    std::string address() const;  // "127.0.0.1:<port>"

    void set_mode(ReplyMode mode) { mode_ = mode; }
    // The reply to every request of `type` ("beacon_register", "beacon_list", "lookup").
    void set_reply(const std::string& type, boost::json::value reply) { replies_[type] = std::move(reply); }
    void set_beacons(boost::json::array beacons) { beacons_ = std::move(beacons); }
    void set_key(uint32_t node_id, std::string base64) { keys_[node_id] = std::move(base64); }

    // Every request received, in order.
    const std::vector<boost::json::object>& requests() const { return requests_; }
    size_t count(std::string_view type) const;
    size_t accepted() const { return accepted_; }
    // Connections the client closed (or reset) on us.
    size_t closed_by_client() const { return closed_by_client_; }

private:
    class Connection;
    void accept();
    std::string answer(const boost::json::object& request) const;

    boost::asio::ip::tcp::acceptor acceptor_;
    ReplyMode mode_ = ReplyMode::Normal;
    std::map<std::string, boost::json::value> replies_;
    boost::json::array beacons_;
    std::map<uint32_t, std::string> keys_;
    std::vector<boost::json::object> requests_;
    std::vector<std::weak_ptr<Connection>> connections_;
    size_t accepted_ = 0;
    size_t closed_by_client_ = 0;
};

// A loopback port that is bound but not listening: connecting is refused,
// and no other test can take the port while this object lives.
class ClosedPort {
public:
    explicit ClosedPort(boost::asio::io_context& io);
    std::string address() const;

private:
    boost::asio::ip::tcp::socket socket_;
};

}  // namespace pb::registry::testing
