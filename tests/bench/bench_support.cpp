// tests/bench/bench_support.cpp — command line, population, machine facts and
// output formatting shared by the benchmarks.
#include "tests/bench/bench_support.hpp"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pb::bench {

Args::Args(int argc, char** argv, std::vector<std::string> flags) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument '" + arg + "'");
        const std::string name = arg.substr(2);
        bool is_flag = false;
        for (const std::string& f : flags) is_flag = is_flag || f == name;
        if (is_flag) {
            values_[name] = "1";
        } else {
            if (i + 1 == argc) throw std::invalid_argument("option " + arg + " needs a value");
            values_[name] = argv[++i];
        }
        used_[name] = false;
    }
}

double Args::number(const std::string& name, double fallback) {
    const auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    used_[name] = true;
    size_t end = 0;
    double value = 0;
    try {
        value = std::stod(it->second, &end);
    } catch (const std::exception&) {
        end = 0;
    }
    if (end != it->second.size() || !std::isfinite(value) || value < 0)
        throw std::invalid_argument("--" + name + ": '" + it->second + "' is not a non-negative number");
    return value;
}

uint64_t Args::count(const std::string& name, uint64_t fallback) {
    const double value = number(name, double(fallback));
    if (value != std::floor(value)) throw std::invalid_argument("--" + name + " must be a whole number");
    return uint64_t(value);
}

std::string Args::text(const std::string& name, const std::string& fallback) {
    const auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    used_[name] = true;
    return it->second;
}

bool Args::flag(const std::string& name) {
    const auto it = values_.find(name);
    if (it == values_.end()) return false;
    used_[name] = true;
    return true;
}

void Args::finish() const {
    for (const auto& [name, used] : used_)
        if (!used) throw std::invalid_argument("unknown option --" + name);
}

Population::Population(uint32_t nodes, uint32_t active) : nodes_(nodes), active_(active) {
    if (nodes == 0 || nodes > kMaxNodes) throw std::invalid_argument("the node count must be between 1 and 2^30");
    if (active == 0 || active > nodes) throw std::invalid_argument("the active node count must be between 1 and the node count");
}

tables::NodeEndpoint Population::endpoint_of(uint32_t k) {
    return {net::IpAddress::v4(ipv4_of(k)), port_of(k), kGatewayMac};
}

tables::WriteResult Population::register_node(tables::NodeTable& table, uint32_t k, uint32_t now_s) {
    tables::DiscoverUpdate update;
    update.id = id_of(k);
    update.endpoint = endpoint_of(k);
    update.now_s = now_s;
    update.public_key = kNodeKey.data();
    return table.upsert(update);
}

uint64_t Population::fill(tables::NodeTable& table, uint32_t now_s) const {
    uint64_t failed = 0;
    for (uint32_t k = 0; k < nodes_; ++k) failed += register_node(table, k, now_s) != tables::WriteResult::Inserted;
    return failed;
}

bool pin_current_thread(unsigned cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

unsigned online_cpus() {
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? unsigned(n) : 1;
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("model name", 0) != 0) continue;
        const size_t colon = line.find(':');
        if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
    return "unknown";
}

namespace {
// A "Name:   123 kB" line of a /proc file, in bytes (0 when absent).
uint64_t proc_kib_field(const char* path, const std::string& name) {
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(name, 0) != 0) continue;
        std::istringstream fields(line.substr(name.size()));
        uint64_t kib = 0;
        fields >> kib;
        return kib * 1024;
    }
    return 0;
}
}  // namespace

uint64_t rss_bytes() { return proc_kib_field("/proc/self/status", "VmRSS:"); }
uint64_t anon_huge_bytes() { return proc_kib_field("/proc/self/smaps_rollup", "AnonHugePages:"); }

uint64_t cpu_time_ns(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return uint64_t(ts.tv_sec) * 1'000'000'000ull + uint64_t(ts.tv_nsec);
}

uint64_t monotonic_ns() { return cpu_time_ns(CLOCK_MONOTONIC); }

double seconds_since(uint64_t start_ns) { return double(monotonic_ns() - start_ns) / 1e9; }

std::string fixed(double value, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
    return buf;
}

std::string TextTable::render() const {
    std::vector<size_t> widths;
    for (const auto& row : rows_)
        for (size_t c = 0; c < row.size(); ++c) {
            if (widths.size() <= c) widths.push_back(0);
            widths[c] = std::max(widths[c], row[c].size());
        }
    std::string out;
    for (size_t r = 0; r < rows_.size(); ++r) {
        const auto& row = rows_[r];
        for (size_t c = 0; c < row.size(); ++c) {
            const std::string pad(widths[c] - row[c].size(), ' ');
            out += c == 0 ? row[c] + pad : "  " + pad + row[c];
        }
        out += '\n';
        if (r == 0) {
            size_t total = 0;
            for (size_t w : widths) total += w + 2;
            out += std::string(total - 2, '-') + '\n';
        }
    }
    return out;
}

namespace {
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char ch : s) {
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (static_cast<unsigned char>(ch) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", ch);
            out += buf;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}
}  // namespace

Json& Json::field(const std::string& key, const std::string& value) { return raw(key, quoted(value)); }
Json& Json::field(const std::string& key, double value) { return raw(key, std::isfinite(value) ? fixed(value, 4) : "null"); }
Json& Json::field(const std::string& key, uint64_t value) { return raw(key, std::to_string(value)); }
Json& Json::field(const std::string& key, bool value) { return raw(key, value ? "true" : "false"); }

Json& Json::raw(const std::string& key, const std::string& rendered) {
    fields_.emplace_back(key, rendered);
    return *this;
}

std::string Json::render() const {
    std::string out = "{";
    for (size_t i = 0; i < fields_.size(); ++i) out += (i ? "," : "") + quoted(fields_[i].first) + ":" + fields_[i].second;
    return out + "}";
}

std::string Json::array(const std::vector<std::string>& rendered) {
    std::string out = "[";
    for (size_t i = 0; i < rendered.size(); ++i) out += (i ? "," : "") + rendered[i];
    return out + "]";
}

}  // namespace pb::bench
