// tests/registry/client_fixture.hpp — a registry client against the test
// registry, with the protocol's timings shortened (200 ms connect, 300 ms
// deadline, 150 ms interval, back-off 20 ms doubling to 80 ms, no jitter)
// and everything it reports recorded.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include "controlplane/registry/registry_client.hpp"
#include "tests/registry/drive.hpp"
#include "tests/registry/registry_server.hpp"

namespace pb::net {
inline void PrintTo(const Endpoint& endpoint, std::ostream* out) { *out << endpoint.to_string(); }
}  // namespace pb::net

namespace pb::registry::testing {

inline net::Endpoint endpoint(std::string_view text) { return net::Endpoint::parse(text).value(); }
inline boost::json::object json_object(std::string_view text) { return boost::json::parse(text).as_object(); }
inline boost::json::array json_array(std::string_view text) { return boost::json::parse(text).as_array(); }

inline RegistryTimings fast_timings() {
    RegistryTimings timings;
    timings.session = SessionLimits{200ms, 300ms, kMaxReplyBytes};
    timings.backoff_initial = 20ms;
    timings.backoff_cap = 80ms;
    timings.backoff_jitter = 0.0;
    timings.key_cache = KeyCacheLimits{64, 60s, 60s};
    return timings;
}

class ClientTest : public ::testing::Test {
protected:
    static constexpr uint32_t kSelf = 7;
    static constexpr const char* kSelfAddr = "10.77.0.1:9001";

    RegistrySettings settings(std::string registry, std::string token = "") const {
        return RegistrySettings{std::move(registry), std::move(token), kSelfAddr, kSelf, 150ms};
    }

    RegistryClient& start(RegistrySettings settings, RegistryTimings timings = fast_timings()) {
        client = std::make_unique<RegistryClient>(io, std::move(settings), timings);
        client->on_peers([this](const std::vector<net::Endpoint>& peers) { updates.push_back(peers); });
        client->on_cycle([this](const CycleReport& report) { reports.push_back(report); });
        client->start();
        return *client;
    }

    // Runs until `n` cycles have ended in total.
    bool run_cycles(size_t n, std::chrono::milliseconds limit = 5s) {
        return run_until(io, [&] { return reports.size() >= n; }, limit);
    }

    boost::asio::io_context io;
    RegistryServer server{io};
    std::unique_ptr<RegistryClient> client;
    std::vector<std::vector<net::Endpoint>> updates;
    std::vector<CycleReport> reports;
};

}  // namespace pb::registry::testing
