// tests/wss/wss_bench.cpp — throughput of the WSS bridge of a running
// pilot-beacond: N authenticated connections (test identities first_id..),
// each relaying frames to itself (Relay in, RelayDeliver back out: the tier-0
// path through the bridge), W frames in flight per connection per round.
// Prints frames/s and MB/s of relayed payload. tests/wss/bench_wss.py starts
// the beacon (veth + af_packet, relay budget off) and runs this; the command
// and the figures are in docs/benchmarks.md.
//
//   wss_bench pubkeys FILE --connections N [--first-id X]
//   wss_bench run --port P [--connections N] [--size BYTES] [--seconds S] [--window W] [--first-id X]
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "tests/wss/fakes.hpp"
#include "tests/wss/test_keys.hpp"
#include "tests/wss/ws_client.hpp"

namespace {

using namespace pb::test;
using Clock = std::chrono::steady_clock;

struct Options {
    uint16_t port = 0;
    uint32_t connections = 1, size = 1024, window = 32, first_id = 100000;
    double seconds = 5;
};

Options parse(int argc, char** argv, int first) {
    std::map<std::string, std::string> args;
    for (int i = first; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
    Options o;
    if (args.count("--port")) o.port = uint16_t(std::stoul(args["--port"]));
    if (args.count("--connections")) o.connections = uint32_t(std::stoul(args["--connections"]));
    if (args.count("--size")) o.size = uint32_t(std::stoul(args["--size"]));
    if (args.count("--seconds")) o.seconds = std::stod(args["--seconds"]);
    if (args.count("--window")) o.window = uint32_t(std::stoul(args["--window"]));
    if (args.count("--first-id")) o.first_id = uint32_t(std::stoul(args["--first-id"]));
    return o;
}

struct Totals {
    uint64_t sent = 0;
    uint64_t received = 0;
    uint64_t lost = 0;  // not back within the round's timeout
};

// One round: every connection sends `window` frames, then reads them back.
void round(std::vector<std::unique_ptr<WsClient>>& clients, const std::vector<std::vector<uint8_t>>& frames,
           uint32_t window, Totals& totals) {
    for (size_t c = 0; c < clients.size(); ++c)
        for (uint32_t i = 0; i < window; ++i) totals.sent += clients[c]->send_binary(frames[c], Timeout(5000)) ? 1 : 0;
    for (auto& client : clients) {
        for (uint32_t i = 0; i < window; ++i) {
            if (client->recv(Timeout(5000)).kind == Received::Kind::Binary)
                ++totals.received;
            else
                ++totals.lost;
        }
    }
}

int run(const Options& o) {
    boost::asio::io_context io;
    std::vector<std::unique_ptr<WsClient>> clients;
    std::vector<std::vector<uint8_t>> frames;
    const auto setup = Clock::now();
    for (uint32_t i = 0; i < o.connections; ++i) {
        ClientOptions options;
        options.port = o.port;
        clients.push_back(make_client(io, options));
        const uint32_t id = o.first_id + i;
        if (!clients.back()->connect(Timeout(10000)).ok ||
            clients.back()->authenticate(id, AuthMode::Good, Timeout(10000)).result.kind != Received::Kind::Text) {
            std::cerr << "wss_bench: connection " << i << " (node " << id << ") did not authenticate\n";
            return 1;
        }
        frames.push_back(relay_message(id, id, std::vector<uint8_t>(o.size, uint8_t(i))));
    }
    const double setup_s = std::chrono::duration<double>(Clock::now() - setup).count();
    Totals totals;
    round(clients, frames, o.window, totals);  // warm-up
    totals = {};
    const auto start = Clock::now();
    double elapsed = 0;
    while (elapsed < o.seconds) {
        round(clients, frames, o.window, totals);
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    }
    const double fps = double(totals.received) / elapsed;
    std::printf("{\"connections\":%u,\"size\":%u,\"window\":%u,\"seconds\":%.2f,\"frames\":%llu,\"lost\":%llu,"
                "\"frames_per_s\":%.0f,\"payload_MB_per_s\":%.2f,\"wire_MB_per_s_each_way\":%.2f,\"setup_s\":%.2f}\n",
                o.connections, o.size, o.window, elapsed, (unsigned long long)totals.received,
                (unsigned long long)totals.lost, fps, fps * o.size / 1e6, fps * (o.size + 9) / 1e6, setup_s);
    for (auto& client : clients) client->close(Timeout(2000));
    return totals.lost == 0 ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "pubkeys" && argc > 2) {
        const Options o = parse(argc, argv, 3);
        std::vector<uint32_t> ids;
        for (uint32_t i = 0; i < o.connections; ++i) ids.push_back(o.first_id + i);
        std::ofstream(argv[2]) << pubkeys_yaml(ids);
        return 0;
    }
    if (mode == "run") return run(parse(argc, argv, 2));
    std::cerr << "usage: wss_bench pubkeys FILE --connections N [--first-id X]\n"
                 "       wss_bench run --port P [--connections N] [--size B] [--seconds S] [--window W] [--first-id X]\n";
    return 2;
}
