// tests/bench/kernel_beacon/main.cpp — kernel-beacon: the kernel-socket
// baseline of the pktgen benchmark, standing in for the original Go
// beacon's design (one UDP socket per core with SO_REUSEPORT, batched
// recvmmsg/sendmmsg, a sharded locked node table): Discover + relay with
// the same semantics as pilot-beacond, and punch without its rate limits;
// nothing else.
//
//   kernel-beacon --listen IP:PORT [--threads N] [--cpus 0,1,...] [--relay-budget N]
//
// Stops on SIGINT/SIGTERM and prints its counters.
#include <signal.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/net/ip_address.hpp"
#include "tests/bench/kernel_beacon/server.hpp"

namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) { g_stop.store(true); }

struct Args {
    std::string listen;
    unsigned threads = 0;
    std::vector<int> cpus;
    uint32_t relay_budget = 4000;
};

bool parse_number(std::string_view text, auto& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

bool parse_args(int argc, char** argv, Args& a) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view key = argv[i], value = argv[i + 1];
        if (key == "--listen") {
            a.listen = value;
        } else if (key == "--threads") {
            if (!parse_number(value, a.threads)) return false;
        } else if (key == "--relay-budget") {
            if (!parse_number(value, a.relay_budget)) return false;
        } else if (key == "--cpus") {
            for (std::size_t at = 0; at <= value.size();) {
                const std::size_t end = std::min(value.find(',', at), value.size());
                int cpu = 0;
                if (!parse_number(value.substr(at, end - at), cpu)) return false;
                a.cpus.push_back(cpu);
                at = end + 1;
            }
        } else {
            return false;
        }
    }
    return argc % 2 == 1 && !a.listen.empty();
}

bool to_sockaddr(const pb::net::Endpoint& e, sockaddr_storage& out, socklen_t& len) {
    out = {};
    if (e.address.is_v4()) {
        auto& v4 = reinterpret_cast<sockaddr_in&>(out);
        v4.sin_family = AF_INET;
        v4.sin_port = htons(e.port);
        std::memcpy(&v4.sin_addr, e.address.bytes.data(), 4);
        len = sizeof v4;
    } else {
        auto& v6 = reinterpret_cast<sockaddr_in6&>(out);
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(e.port);
        std::memcpy(&v6.sin6_addr, e.address.bytes.data(), 16);
        len = sizeof v6;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    const auto endpoint = parse_args(argc, argv, args) ? pb::net::Endpoint::parse(args.listen) : std::nullopt;
    if (!endpoint) {
        std::fprintf(stderr, "usage: kernel-beacon --listen IP:PORT [--threads N] [--cpus 0,1,...] [--relay-budget N]\n");
        return 2;
    }
    pb::kbeacon::ServerConfig cfg;
    to_sockaddr(*endpoint, cfg.listen, cfg.listen_len);
    cfg.relay_budget_per_s = args.relay_budget;
    const unsigned threads = args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());

    struct sigaction action {};
    action.sa_handler = on_signal;  // no SA_RESTART: recvmmsg returns EINTR
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);

    pb::kbeacon::NodeTable nodes;
    std::vector<pb::kbeacon::ServerCounters> results(threads);
    std::vector<std::thread> pool;
    std::atomic<bool> failed{false};
    for (unsigned t = 0; t < threads; ++t) {
        pb::kbeacon::ServerConfig mine = cfg;
        if (!args.cpus.empty()) mine.cpu = args.cpus[t % args.cpus.size()];
        pool.emplace_back([&, mine, t] {
            try {
                results[t] = pb::kbeacon::serve(mine, nodes, g_stop);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "kernel-beacon: %s\n", e.what());
                failed = true;
                g_stop = true;
            }
        });
    }
    std::fprintf(stdout, "kernel-beacon: serving %s with %u thread(s)\n", args.listen.c_str(), threads);
    std::fflush(stdout);
    for (auto& t : pool) t.join();
    pb::kbeacon::ServerCounters total;
    for (const auto& r : results) total += r;
    std::fprintf(stdout,
                 "kernel-beacon: received=%lu discovers=%lu relayed=%lu punches=%lu not_found=%lu over_budget=%lu "
                 "ignored=%lu sent=%lu send_errors=%lu\n",
                 total.received, total.discovers, total.relayed, total.punches, total.not_found, total.over_budget,
                 total.ignored, total.sent, total.send_errors);
    return failed ? 1 : 0;
}
