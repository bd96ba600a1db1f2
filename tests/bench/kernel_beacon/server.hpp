// tests/bench/kernel_beacon/server.hpp — one baseline worker thread: its own
// SO_REUSEPORT UDP socket on the beacon address (the kernel spreads
// sources over the sockets by 4-tuple hash), recvmmsg a batch, handle each
// datagram with the project's wire codec — Discover / DiscoverEx register
// and reply, Relay becomes RelayDeliver / RelayDeliverDest to the stored
// endpoint, within a per-source budget of fixed 1-second windows,
// PunchRequest sends a PunchCommand to each side — and sendmmsg the
// answers. Everything else is counted and dropped.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "tests/bench/kernel_beacon/node_table.hpp"

namespace pb::kbeacon {

struct ServerCounters {
    uint64_t received = 0, discovers = 0, relayed = 0, punches = 0, not_found = 0, over_budget = 0, ignored = 0, sent = 0,
             send_errors = 0;
    ServerCounters& operator+=(const ServerCounters& o);
};

struct ServerConfig {
    sockaddr_storage listen{};
    socklen_t listen_len = 0;
    uint32_t relay_budget_per_s = 4000;  // per source ip:port; 0 = unlimited
    int cpu = -1;                        // pin the thread there; -1 = no pinning
};

// Runs until `stop` is set (checked at least every 100 ms); returns the
// thread's counters. Throws std::runtime_error when the socket cannot be set up.
ServerCounters serve(const ServerConfig& cfg, NodeTable& nodes, const std::atomic<bool>& stop);

}  // namespace pb::kbeacon
