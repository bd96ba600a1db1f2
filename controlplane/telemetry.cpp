// controlplane/telemetry.cpp — the /pilot/* telemetry commands and pdump.
//
// /pilot/stats turns the /metrics families of the dataplane and the process
// into one dict: key = family name without the pilot_beacon_ prefix, then
// "/" and the value of its other label, if any (relay_dropped_total/over_budget,
// nic_rx_packets_total/0); characters telemetry does not allow become '_'.
// Per-lcore series are an array in worker order (/pilot/workers' lcore
// array), or, with an lcore parameter (/pilot/stats,2), that worker's value.
#include "controlplane/telemetry.hpp"

#include <rte_errno.h>
#include <rte_pdump.h>
#include <rte_telemetry.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/log/log.hpp"
#include "controlplane/dataplane_metrics.hpp"
#include "controlplane/http/build_info.hpp"
#include "controlplane/http/counter_catalogue.hpp"

namespace pb::cp {

namespace {

constexpr std::string_view kPrefix = "pilot_beacon_";

// The instance answering, guarded against its destruction mid-command.
std::mutex active_mutex;
const Telemetry* active = nullptr;
std::once_flag registered;

std::string telemetry_name(std::string name) {
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '/') c = '_';
    return name;
}

struct StatsEntry {
    std::string key;
    bool per_lcore = false;
    std::vector<uint64_t> values;
};

// Groups the series of `w` by telemetry key; with `lcore`, keeps only that
// lcore's per-worker series.
std::vector<StatsEntry> stats_entries(const MetricsWriter& w, std::optional<std::string> lcore) {
    std::vector<StatsEntry> entries;
    std::map<std::string, std::size_t> index;
    for (const auto& [full_name, family] : w.families()) {
        const std::string name = full_name.substr(full_name.starts_with(kPrefix) ? kPrefix.size() : 0);
        for (const MetricSeries& series : family.series) {
            std::string key = name;
            const std::string* series_lcore = nullptr;
            for (const auto& [label, value] : series.labels) {
                if (label == "lcore")
                    series_lcore = &value;
                else
                    key += "/" + value;
            }
            if (lcore && (series_lcore == nullptr || *series_lcore != *lcore)) continue;
            key = telemetry_name(std::move(key));
            auto [it, fresh] = index.try_emplace(key, entries.size());
            if (fresh) entries.push_back({key, series_lcore != nullptr && !lcore, {}});
            entries[it->second].values.push_back(series.value < 0 ? 0 : uint64_t(series.value));
        }
    }
    return entries;
}

void add_u64_array(rte_tel_data* d, const char* name, const std::vector<uint64_t>& values) {
    rte_tel_data* array = rte_tel_data_alloc();
    if (array == nullptr) return;
    rte_tel_data_start_array(array, RTE_TEL_U64_VAL);
    for (uint64_t v : values) rte_tel_data_add_array_u64(array, v);
    if (rte_tel_data_add_dict_container(d, name, array, 0) != 0) rte_tel_data_free(array);
}

// The lcore parameter, if any, as the decimal text the lcore labels use.
std::optional<std::optional<std::string>> lcore_parameter(const char* params) {
    if (params == nullptr || *params == '\0') return std::optional<std::string>();
    char* end = nullptr;
    const unsigned long lcore = std::strtoul(params, &end, 10);
    if (end == params || *end != '\0') return std::nullopt;
    return std::optional<std::string>(std::to_string(lcore));
}

int stats(const Telemetry& t, const char* params, rte_tel_data* d) {
    const auto lcore = lcore_parameter(params);
    if (!lcore) return -EINVAL;
    MetricsWriter w;
    write_dataplane_metrics(w, t.view());
    write_process_metrics(w, t.lifecycle().phase());
    const std::vector<StatsEntry> entries = stats_entries(w, *lcore);
    if (*lcore && entries.empty()) return -EINVAL;  // no worker on that lcore
    rte_tel_data_start_dict(d);
    for (const StatsEntry& e : entries) {
        if (e.per_lcore)
            add_u64_array(d, e.key.c_str(), e.values);
        else
            rte_tel_data_add_dict_u64(d, e.key.c_str(), e.values.front());
    }
    return 0;
}

int workers(const Telemetry& t, rte_tel_data* d) {
    const DataplaneView& view = t.view();
    std::vector<uint64_t> lcores, queues, polls, rx, tx;
    for (unsigned w = 0; w < view.worker_count(); ++w) {
        const dp::WorkerCounters& c = view.counters(w);
        lcores.push_back(view.lcore(w));
        queues.push_back(view.queues_of(w));
        polls.push_back(c.heartbeat.load(std::memory_order_relaxed));
        rx.push_back(c.rx_packets.read());
        tx.push_back(c.tx_packets.read());
    }
    rte_tel_data_start_dict(d);
    add_u64_array(d, "lcore", lcores);
    add_u64_array(d, "queues", queues);
    add_u64_array(d, "polls", polls);
    add_u64_array(d, "rx_packets", rx);
    add_u64_array(d, "tx_packets", tx);
    return 0;
}

int nodes(const Telemetry& t, rte_tel_data* d) {
    const NodeFigures n = t.view().nodes();
    rte_tel_data_start_dict(d);
    rte_tel_data_add_dict_u64(d, "local", n.local.size);
    rte_tel_data_add_dict_u64(d, "local_capacity", n.local.capacity);
    rte_tel_data_add_dict_u64(d, "peer", n.peer.size);
    rte_tel_data_add_dict_u64(d, "peer_capacity", n.peer.capacity);
    rte_tel_data_add_dict_u64(d, "wss", n.wss.size);
    rte_tel_data_add_dict_u64(d, "wss_capacity", n.wss.capacity);
    return 0;
}

int info(const Telemetry& t, rte_tel_data* d) {
    const PortFigures port = t.view().port();
    rte_tel_data_start_dict(d);
    rte_tel_data_add_dict_string(d, "version", std::string(kVersion).c_str());
    rte_tel_data_add_dict_string(d, "phase", std::string(phase_name(t.lifecycle().phase())).c_str());
    rte_tel_data_add_dict_u64(d, "uptime_s", uint64_t(uptime_seconds()));
    rte_tel_data_add_dict_string(d, "driver", port.driver.c_str());
    rte_tel_data_add_dict_string(d, "mac", port.mac.c_str());
    rte_tel_data_add_dict_string(d, "link", port.link.c_str());
    rte_tel_data_add_dict_int(d, "link_up", port.link_up ? 1 : 0);
    rte_tel_data_add_dict_u64(d, "queues", port.queues);
    rte_tel_data_add_dict_u64(d, "workers", t.view().worker_count());
    rte_tel_data_add_dict_u64(d, "mbufs", port.mbufs);
    return 0;
}

// Runs `answer` on the active instance, unless there is none or it stops.
template <class Answer>
int answer_with(Answer answer) {
    std::lock_guard lock(active_mutex);
    if (active == nullptr || active->lifecycle().phase() == Phase::Stopping) return -ENODEV;
    return answer(*active);
}

int stats_command(const char*, const char* params, rte_tel_data* d) {
    return answer_with([&](const Telemetry& t) { return stats(t, params, d); });
}
int workers_command(const char*, const char*, rte_tel_data* d) {
    return answer_with([&](const Telemetry& t) { return workers(t, d); });
}
int nodes_command(const char*, const char*, rte_tel_data* d) {
    return answer_with([&](const Telemetry& t) { return nodes(t, d); });
}
int info_command(const char*, const char*, rte_tel_data* d) {
    return answer_with([&](const Telemetry& t) { return info(t, d); });
}

struct Command {
    const char* name;
    telemetry_cb callback;
    const char* help;  // under RTE_TEL_MAX_STRING_LEN (128) characters
};

constexpr Command kCommands[] = {
    {"/pilot/info", info_command, "Beacon version, phase, uptime, port, workers. No parameters"},
    {"/pilot/stats", stats_command,
     "The /metrics figures; per-lcore ones as arrays in /pilot/workers order. Param: lcore"},
    {"/pilot/workers", workers_command, "Per worker: lcore, queue pairs, poll loops, rx/tx packets. No parameters"},
    {"/pilot/nodes", nodes_command, "Node table sizes and capacities (local, peer, wss). No parameters"},
};

constexpr bool helps_fit() {
    for (const Command& c : kCommands)
        if (std::char_traits<char>::length(c.help) >= RTE_TEL_MAX_STRING_LEN) return false;
    return true;
}
static_assert(helps_fit(), "rte_telemetry refuses help texts of 128 characters or more");

void register_commands() {
    for (const Command& c : kCommands) {
        if (const int rc = rte_telemetry_register_cmd(c.name, c.callback, c.help); rc != 0)
            log::warn("telemetry", "command not registered", {{"command", c.name}, {"error", rte_strerror(-rc)}});
    }
}

}  // namespace

Telemetry::Telemetry(bool enabled, const DataplaneView& view, const Lifecycle& lifecycle)
    : view_(view), lifecycle_(lifecycle) {
    if (!enabled) return;
    std::call_once(registered, register_commands);
    std::lock_guard lock(active_mutex);
    active = this;
    attached_ = true;
    log::info("telemetry", "commands registered",
              {{"commands", "/pilot/info /pilot/stats /pilot/workers /pilot/nodes"}});
}

Telemetry::~Telemetry() {
    if (!attached_) return;
    std::lock_guard lock(active_mutex);
    if (active == this) active = nullptr;
}

PacketCapture::PacketCapture() {
    ready_ = rte_pdump_init() == 0;
    if (ready_)
        log::info("pdump", "packet capture enabled (dpdk-dumpcap)");
    else
        log::warn("pdump", "packet capture unavailable", {{"error", rte_strerror(rte_errno)}});
}

PacketCapture::~PacketCapture() {
    if (ready_) rte_pdump_uninit();
}

}  // namespace pb::cp
