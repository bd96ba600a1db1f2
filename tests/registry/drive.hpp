// tests/registry/drive.hpp — running the test's io_context with a bound on
// every wait: until a condition holds or the time limit passes.
#pragma once

#include <chrono>

#include <boost/asio/io_context.hpp>

namespace pb::registry::testing {

using namespace std::chrono_literals;

// Runs `io` until `done()` or `limit`; returns done().
template <typename Condition>
bool run_until(boost::asio::io_context& io, Condition done, std::chrono::milliseconds limit = 5s) {
    const auto give_up = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < give_up) {
        if (io.stopped()) io.restart();
        io.run_one_for(10ms);
    }
    return done();
}

// Runs `io` for `period`.
inline void run_for(boost::asio::io_context& io, std::chrono::milliseconds period) {
    run_until(io, [] { return false; }, period);
}

}  // namespace pb::registry::testing
