// tests/wss/bridge_fixture.hpp — the bridge in-process on 127.0.0.1:0 over
// small tables and a recording UdpOut, with Beast clients on the same
// io_context (one thread: the clients' calls run the server too). Node ids
// 7001..7010 are in its pubkeys file.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <vector>

#include "controlplane/wss/bridge.hpp"
#include "tests/wss/fakes.hpp"
#include "tests/wss/test_keys.hpp"
#include "tests/wss/ws_client.hpp"

namespace pb::test {

inline constexpr Timeout kWait{3000};
inline const std::string kAuthOk = R"({"type":"auth_ok"})";

class BridgeTest : public ::testing::Test {
protected:
    static cp::wss::Settings test_settings() {
        cp::wss::Settings s;
        s.bind = {boost::asio::ip::address_v4::loopback(), 0};
        s.auth_timeout = std::chrono::seconds(2);
        s.idle_timeout = std::chrono::seconds(30);
        return s;
    }

    void start(cp::wss::Settings settings = test_settings(), cp::wss::RemoteLookup remote = nullptr) {
        auto udp = std::make_unique<FakeUdpOut>();
        udp_ = udp.get();
        std::vector<uint32_t> ids;
        for (uint32_t id = 7001; id <= 7010; ++id) ids.push_back(id);
        cp::wss::BridgeTables tables{t_.wss_peers, t_.nodes, t_.peer_nodes, t_.relay_budget, [this] { return t_.now_ns; }};
        bridge_ = std::make_unique<cp::wss::Bridge>(io_, std::move(settings), std::move(tables), std::move(udp),
                                                    cp::wss::parse_pubkeys(pubkeys_yaml(ids), "test keys"),
                                                    std::move(remote));
        port_ = bridge_->local_endpoint().port();
    }

    std::unique_ptr<WsClient> client(ClientOptions options = {}) {
        options.port = port_;
        return make_client(io_, options);
    }

    // Connected and authenticated as `node_id`.
    std::unique_ptr<WsClient> peer(uint32_t node_id, ClientOptions options = {}) {
        auto c = client(std::move(options));
        const UpgradeResult up = c->connect(kWait);
        EXPECT_TRUE(up.ok) << up.status << " " << up.error;
        const AuthOutcome auth = c->authenticate(node_id, AuthMode::Good, kWait);
        EXPECT_EQ(auth.result.text(), kAuthOk) << int(auth.result.kind) << " " << auth.result.close_reason;
        return c;
    }

    void run_for(std::chrono::milliseconds d) {
        io_.restart();
        io_.run_for(d);
    }

    // Runs the loop until pred() holds (true) or `within` passes (false).
    template <class Pred>
    bool eventually(Pred pred, std::chrono::milliseconds within = kWait) {
        const auto deadline = std::chrono::steady_clock::now() + within;
        while (!pred()) {
            if (std::chrono::steady_clock::now() >= deadline) return false;
            run_for(std::chrono::milliseconds(10));
        }
        return true;
    }

    HttpAnswer http(const std::string& request) { return http_exchange(io_, "127.0.0.1", port_, request, kWait); }

    const cp::wss::WssStats& stats() const { return bridge_->stats(); }
    bool in_tier0(uint32_t id) const {
        tables::NodeView view;
        return t_.wss_peers.lookup(id, view);
    }

    TestTables t_;
    boost::asio::io_context io_;
    FakeUdpOut* udp_ = nullptr;
    std::unique_ptr<cp::wss::Bridge> bridge_;
    uint16_t port_ = 0;
};

}  // namespace pb::test
