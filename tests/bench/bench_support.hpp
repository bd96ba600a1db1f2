// tests/bench/bench_support.hpp — what both benchmarks share, without DPDK:
// the command line, the synthetic node population (ids, endpoints, the
// active subset traffic draws from), a fast PRNG, the table fill, thread
// pinning, RSS and machine facts, and the text-table / JSON output.
#pragma once

#include <time.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "common/tables/node_table.hpp"

namespace pb::bench {

// ---- command line ----------------------------------------------------------

class Args;

// The main() of a benchmark: parses the options (`flags` take no value;
// --help prints `usage`), then runs; a bad option or an exception ends it
// with status 2 and a message.
template <class Options>
int bench_main(int argc, char** argv, const char* program, const char* usage, std::vector<std::string> flags,
               Options (*parse)(Args&), int (*run)(const Options&));

// "--name value" and "--flag" options. Unknown options, missing values and
// malformed numbers throw std::invalid_argument naming the option.
class Args {
public:
    Args(int argc, char** argv, std::vector<std::string> flags);

    double number(const std::string& name, double fallback);
    uint64_t count(const std::string& name, uint64_t fallback);
    std::string text(const std::string& name, const std::string& fallback);
    bool flag(const std::string& name);
    // Throws when an option was given that no accessor asked for.
    void finish() const;

private:
    std::map<std::string, std::string> values_;
    std::map<std::string, bool> used_;
};

// ---- randomness -------------------------------------------------------------

// wyrand: one multiply per draw, good enough for picking ids.
class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}
    uint64_t next() {
        state_ += 0xa0761d6478bd642full;
        const __uint128_t t = __uint128_t(state_) * (state_ ^ 0xe7037ed1a0b428dbull);
        return uint64_t(t >> 64) ^ uint64_t(t);
    }
    // Uniform in [0, n) (Lemire's multiply-shift; the bias is negligible here).
    uint32_t below(uint32_t n) { return uint32_t((next() & 0xffffffffu) * n >> 32); }

private:
    uint64_t state_;
};

// A bijection on uint32 that spreads consecutive values over the whole range
// (xor-shifts and odd multipliers are each invertible); scramble(0) == 0.
constexpr uint32_t scramble(uint32_t x) {
    x = (x ^ (x >> 16)) * 0x7feb352du;
    x = (x ^ (x >> 15)) * 0x846ca68bu;
    return x ^ (x >> 16);
}

// ---- the synthetic population ---------------------------------------------

// Node k (0 ≤ k < nodes) has id scramble(k + 1): distinct, never 0, spread
// over the id space. Ids of k ≥ nodes are never registered ("unknown").
// Its endpoint is 100.64.0.0/14 + (k mod kEndpointHosts) at port
// 1024 + k / kEndpointHosts: distinct ip:ports, a quarter of a million hosts,
// behind one gateway MAC. The traffic draws from `active` nodes spread
// evenly over the population (k = i × nodes / active), so that probe
// distances are those of the whole fill, not of its first inserts.
class Population {
public:
    static constexpr uint32_t kEndpointHosts = 262139;  // prime below 2^18
    static constexpr uint32_t kMaxNodes = 1u << 30;
    static constexpr tables::Mac kGatewayMac = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x01};
    static constexpr tables::PublicKey kNodeKey = {0x5a, 0x5a, 0x5a, 0x5a};  // every node's Ed25519 key

    Population(uint32_t nodes, uint32_t active);

    uint32_t nodes() const { return nodes_; }
    uint32_t active() const { return active_; }
    static uint32_t id_of(uint32_t k) { return scramble(k + 1); }
    static uint32_t ipv4_of(uint32_t k) { return 0x64400000u + k % kEndpointHosts; }  // host order
    static uint16_t port_of(uint32_t k) { return uint16_t(1024 + k / kEndpointHosts); }
    static tables::NodeEndpoint endpoint_of(uint32_t k);

    // The node index of active node i (i < active).
    uint32_t active_node(uint32_t i) const { return uint32_t(uint64_t(i) * nodes_ / active_); }
    uint32_t random_active(Rng& rng) const { return active_node(rng.below(active_)); }
    // An id that is not registered.
    uint32_t random_unknown_id(Rng& rng) const { return id_of(nodes_ + rng.below(kMaxNodes)); }

    // Registers every node (single thread), as Discovers with a key would;
    // returns the inserts that did not answer Inserted.
    uint64_t fill(tables::NodeTable& table, uint32_t now_s) const;
    // Registers node k.
    static tables::WriteResult register_node(tables::NodeTable& table, uint32_t k, uint32_t now_s);

private:
    uint32_t nodes_;
    uint32_t active_;
};

// ---- machine ----------------------------------------------------------------

bool pin_current_thread(unsigned cpu);
unsigned online_cpus();
std::string cpu_model();
uint64_t rss_bytes();         // VmRSS of this process
uint64_t anon_huge_bytes();   // AnonHugePages of this process: memory backed by transparent huge pages
double seconds_since(uint64_t start_ns);
uint64_t monotonic_ns();
// CPU time of a thread (default: the calling one), in nanoseconds: next to
// wall time, it tells how much of its CPU a thread had on a shared machine.
uint64_t cpu_time_ns(clockid_t clock = CLOCK_THREAD_CPUTIME_ID);

// ---- output -----------------------------------------------------------------

std::string fixed(double value, int decimals);

// Columns aligned on the widest cell; the first column left-aligned, the rest right.
class TextTable {
public:
    explicit TextTable(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    std::string render() const;

private:
    std::vector<std::vector<std::string>> rows_;
};

// A flat JSON object built field by field; values nest as already-rendered text.
class Json {
public:
    Json& field(const std::string& key, const std::string& value);  // a string
    Json& field(const std::string& key, double value);
    Json& field(const std::string& key, uint64_t value);
    Json& field(const std::string& key, bool value);
    Json& raw(const std::string& key, const std::string& rendered);  // an object or array
    std::string render() const;

    static std::string array(const std::vector<std::string>& rendered);

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

template <class Options>
int bench_main(int argc, char** argv, const char* program, const char* usage, std::vector<std::string> flags,
               Options (*parse)(Args&), int (*run)(const Options&)) {
    Options options;
    try {
        flags.push_back("help");
        Args args(argc, argv, std::move(flags));
        if (args.flag("help")) {
            std::cout << usage;
            return 0;
        }
        options = parse(args);
        args.finish();
    } catch (const std::exception& e) {
        std::cerr << program << ": " << e.what() << '\n' << usage;
        return 2;
    }
    try {
        return run(options);
    } catch (const std::exception& e) {
        std::cerr << program << ": " << e.what() << '\n';
        return 2;
    }
}

}  // namespace pb::bench
