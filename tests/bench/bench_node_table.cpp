// tests/bench/bench_node_table.cpp — the node table on its own (no DPDK):
// memory per node, single-thread insert rate into an empty table, and lookup
// rates with 1 and 2 reader threads over random present ids (hit) and random
// absent ids (miss), plus one reader racing a writer that refreshes random
// entries, and misses in an empty table of the WSS-peer table's size. Every
// lookup is checked (a hit must return the node's endpoint, a miss nothing),
// so a fast wrong answer cannot pass for a figure.
//
//   bench_node_table [--nodes 10000000] [--duration 2] [--threads 2] [--json]
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/tables/node_table.hpp"
#include "tests/bench/bench_support.hpp"

namespace pb::bench {
namespace {

constexpr uint32_t kBatch = 256;  // operations between two looks at the stop flag
constexpr uint32_t kWssPeerTableNodes = 1u << 20;  // BeaconState's cap on its WSS-peer table

struct Options {
    uint32_t nodes = 10'000'000;
    double duration_s = 2.0;
    unsigned max_threads = 2;
    bool json = false;
};

constexpr const char* kUsage =
    "usage: bench_node_table [options]\n"
    "  --nodes N      max_nodes of the table, all inserted (10000000)\n"
    "  --duration S   seconds per lookup measurement (2)\n"
    "  --threads N    lookups with 1 .. N reader threads (2)\n"
    "  --json         print one JSON document instead of the tables\n";

// One thread's share of a measurement.
struct ThreadTally {
    uint64_t ops = 0;
    uint64_t cpu_ns = 0;  // CPU time the thread had while measuring
    uint64_t missed = 0;  // a present id not found, an absent one found, a refresh not Refreshed
    uint64_t wrong = 0;   // a present id found with another node's endpoint
};

enum class Role { LookupHit, LookupMiss, Refresh };

const char* role_name(Role role) {
    switch (role) {
        case Role::LookupHit: return "lookup hit";
        case Role::LookupMiss: return "lookup miss";
        case Role::Refresh: return "refresh (writer)";
    }
    return "?";
}

ThreadTally run_role(Role role, tables::NodeTable& table, const Population& population, uint64_t seed,
                     const std::atomic<bool>& stop) {
    Rng rng(seed);
    ThreadTally tally;
    const uint64_t cpu_start = cpu_time_ns();
    tables::NodeView view;
    while (!stop.load(std::memory_order_relaxed)) {
        for (uint32_t i = 0; i < kBatch; ++i) {
            switch (role) {
                case Role::LookupHit: {
                    const uint32_t k = rng.below(population.nodes());
                    if (!table.lookup(Population::id_of(k), view))
                        ++tally.missed;
                    else
                        tally.wrong += view.endpoint != Population::endpoint_of(k);
                    break;
                }
                case Role::LookupMiss: tally.missed += table.lookup(population.random_unknown_id(rng), view); break;
                case Role::Refresh:
                    tally.missed += Population::register_node(table, rng.below(population.nodes()), 1) !=
                                    tables::WriteResult::Refreshed;
                    break;
            }
        }
        tally.ops += kBatch;
    }
    tally.cpu_ns = cpu_time_ns() - cpu_start;
    return tally;
}

struct Measurement {
    std::string name;
    unsigned threads = 0;
    uint64_t ops = 0;
    uint64_t missed = 0;
    uint64_t wrong = 0;
    double seconds = 0;
    uint64_t cpu_ns = 0;  // all its threads together
    // NodeTable::lookup answers "not found" when a writer holds the slot past
    // its retry bound: with a concurrent writer such misses are a finding to
    // report, not a failure of the benchmark.
    bool misses_allowed = false;

    double mops() const { return double(ops) / seconds / 1e6; }
    double ns_per_op_per_thread() const { return seconds * 1e9 * threads / double(ops); }
    // On a shared machine the threads do not have their CPUs to themselves:
    // the share they had, and the cost per operation in the CPU time they had.
    double cpu_share() const { return double(cpu_ns) / 1e9 / seconds / threads; }
    double cpu_ns_per_op() const { return double(cpu_ns) / double(ops); }
};

// Runs one thread per role (thread i pinned to CPU i mod online CPUs) for
// the duration; one Measurement per distinct role, in order of appearance.
std::vector<Measurement> run_concurrently(const std::vector<Role>& roles, tables::NodeTable& table,
                                          const Population& population, double duration_s) {
    std::atomic<bool> stop{false};
    std::atomic<unsigned> ready{0};
    std::atomic<bool> go{false};
    std::vector<ThreadTally> tallies(roles.size());
    std::vector<std::thread> threads;
    for (size_t t = 0; t < roles.size(); ++t) {
        threads.emplace_back([&, t] {
            pin_current_thread(unsigned(t % online_cpus()));
            ready.fetch_add(1);
            while (!go.load()) std::this_thread::yield();
            tallies[t] = run_role(roles[t], table, population, 0x1234567 + t * 0x9e3779b9, stop);
        });
    }
    while (ready.load() < roles.size()) std::this_thread::yield();
    const uint64_t start = monotonic_ns();
    go.store(true);
    std::this_thread::sleep_for(std::chrono::duration<double>(duration_s));
    stop.store(true);
    for (std::thread& t : threads) t.join();
    const double seconds = seconds_since(start);

    std::vector<Measurement> out;
    for (size_t t = 0; t < roles.size(); ++t) {
        Measurement* m = nullptr;
        for (Measurement& existing : out)
            if (existing.name == role_name(roles[t])) m = &existing;
        if (!m) m = &out.emplace_back(Measurement{role_name(roles[t]), 0, 0, 0, 0, seconds, 0});
        m->threads += 1;
        m->ops += tallies[t].ops;
        m->missed += tallies[t].missed;
        m->wrong += tallies[t].wrong;
        m->cpu_ns += tallies[t].cpu_ns;
    }
    return out;
}

Options parse(Args& args) {
    Options o;
    const uint64_t nodes = args.count("nodes", o.nodes);
    if (nodes == 0 || nodes > Population::kMaxNodes) throw std::invalid_argument("--nodes must be between 1 and 2^30");
    o.nodes = uint32_t(nodes);
    o.duration_s = args.number("duration", o.duration_s);
    o.max_threads = unsigned(args.count("threads", o.max_threads));
    o.json = args.flag("json");
    if (o.max_threads == 0) throw std::invalid_argument("--threads must be at least 1");
    return o;
}

int run(const Options& o) {
    const Population population(o.nodes, o.nodes);
    std::fprintf(stderr, "bench_node_table: %u nodes, %.2f s per measurement, %u CPUs\n", o.nodes, o.duration_s,
                 online_cpus());

    const uint64_t rss_before = rss_bytes();
    const uint64_t huge_before = anon_huge_bytes();
    tables::NodeTable table(o.nodes);
    const uint64_t rss_empty = rss_bytes();
    const uint64_t huge_table = anon_huge_bytes() - huge_before;

    const uint64_t fill_start = monotonic_ns();
    const uint64_t fill_cpu_start = cpu_time_ns();
    const uint64_t fill_failed = population.fill(table, 0);
    const uint64_t fill_cpu = cpu_time_ns() - fill_cpu_start;
    const double fill_s = seconds_since(fill_start);
    const uint64_t rss_full = rss_bytes();

    std::vector<Measurement> results;
    results.push_back({"insert (empty table to full)", 1, o.nodes, fill_failed, 0, fill_s, fill_cpu});
    for (Role role : {Role::LookupHit, Role::LookupMiss})
        for (unsigned threads = 1; threads <= o.max_threads; ++threads) {
            const std::vector<Measurement> m =
                run_concurrently(std::vector<Role>(threads, role), table, population, o.duration_s);
            results.insert(results.end(), m.begin(), m.end());
        }
    for (Measurement m : run_concurrently({Role::LookupHit, Role::Refresh}, table, population, o.duration_s)) {
        m.name += " | concurrent";
        m.misses_allowed = m.name.rfind("lookup", 0) == 0;
        results.push_back(m);
    }
    // What every relay pays before the node table: the lookup in the WSS-peer
    // table (tier 0), empty unless WSS peers are connected, which the beacon
    // sizes min(max_nodes, 2^20).
    tables::NodeTable empty(std::min<uint32_t>(o.nodes, kWssPeerTableNodes));
    for (Measurement m : run_concurrently({Role::LookupMiss}, empty, population, o.duration_s)) {
        m.name += " | empty table of " + std::to_string(empty.capacity());
        results.push_back(m);
    }

    const uint64_t mapped = tables::NodeTable::bytes_for(o.nodes);
    const double per_node_mapped = double(mapped) / o.nodes;
    const double per_node_rss = double(rss_full - rss_before) / o.nodes;
    bool ok = table.size() == o.nodes;

    TextTable memory({"memory", "value"});
    memory.add({"max_nodes = nodes inserted", std::to_string(o.nodes)});
    memory.add({"slots x slot bytes", std::to_string(table.slot_count()) + " x " +
                                          std::to_string(tables::NodeTable::kSlotBytes)});
    memory.add({"bytes mapped", std::to_string(mapped)});
    memory.add({"bytes mapped / node", fixed(per_node_mapped, 1)});
    memory.add({"RSS delta after construction (MAP_POPULATE)", std::to_string(rss_empty - rss_before)});
    memory.add({"RSS delta after fill", std::to_string(rss_full - rss_before)});
    memory.add({"RSS delta / node", fixed(per_node_rss, 1)});
    memory.add({"of it on transparent huge pages", std::to_string(huge_table)});

    TextTable rates({"operation", "threads", "M ops/s", "ns/op/thread", "on CPU", "CPU ns/op", "ops", "missed", "wrong"});
    std::vector<std::string> json_rows;
    uint64_t contended_misses = 0;
    for (const Measurement& m : results) {
        ok = ok && m.wrong == 0 && (m.missed == 0 || m.misses_allowed);
        if (m.misses_allowed) contended_misses += m.missed;
        rates.add({m.name, std::to_string(m.threads), fixed(m.mops(), 2), fixed(m.ns_per_op_per_thread(), 1),
                   fixed(m.cpu_share() * 100, 0) + " %", fixed(m.cpu_ns_per_op(), 1), std::to_string(m.ops),
                   std::to_string(m.missed), std::to_string(m.wrong)});
        json_rows.push_back(Json()
                                .field("operation", m.name)
                                .field("threads", uint64_t(m.threads))
                                .field("mops", m.mops())
                                .field("ns_per_op_per_thread", m.ns_per_op_per_thread())
                                .field("on_cpu", m.cpu_share())
                                .field("cpu_ns_per_op", m.cpu_ns_per_op())
                                .field("ops", m.ops)
                                .field("missed", m.missed)
                                .field("wrong", m.wrong)
                                .render());
    }

    if (o.json) {
        std::cout << Json()
                         .field("cpu", cpu_model())
                         .field("cpus", uint64_t(online_cpus()))
                         .field("nodes", uint64_t(o.nodes))
                         .field("bytes_mapped", mapped)
                         .field("bytes_mapped_per_node", per_node_mapped)
                         .field("rss_delta_bytes", rss_full - rss_before)
                         .field("rss_per_node", per_node_rss)
                         .field("huge_page_bytes", huge_table)
                         .raw("results", Json::array(json_rows))
                         .field("contended_misses", contended_misses)
                         .field("verified", ok)
                         .render()
                  << '\n';
    } else {
        std::cout << "CPU: " << cpu_model() << ", " << online_cpus() << " online\n\n"
                  << memory.render() << '\n'
                  << rates.render()
                  << "\nM ops/s and ns/op/thread: wall clock. on CPU: share of the wall time the threads ran;\n"
                     "CPU ns/op: CPU time per operation, the cost on a CPU of one's own.\n\n";
        if (contended_misses > 0)
            std::cout << "note: " << contended_misses
                      << " lookups of present ids answered 'not found' while the writer held their slot"
                         " (NodeTable::lookup gives up after its retry bound)\n";
        std::cout << (ok ? "verified: no wrong endpoint; every insert and refresh succeeded; no miss without a writer\n"
                         : "VERIFICATION FAILED: see the 'missed' and 'wrong' columns\n");
    }
    return ok ? 0 : 1;
}

}  // namespace
}  // namespace pb::bench

int main(int argc, char** argv) {
    using namespace pb::bench;
    return bench_main<Options>(argc, argv, "bench_node_table", kUsage, {"json"}, parse, run);
}
