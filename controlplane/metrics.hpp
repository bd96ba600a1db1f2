// controlplane/metrics.hpp — the metrics interface every service reports
// through: a registry of collectors, each writing samples into a
// MetricsWriter, rendered as Prometheus text exposition (version 0.0.4) for
// /metrics and reused by the telemetry commands and the status view.
// Names follow ARCHITECTURE.md §6: prefix pilot_beacon_, counters end in
// _total, per-worker series carry an lcore label, no series repeats a sum
// of others.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pb::cp {

using Label = std::pair<std::string_view, std::string_view>;

enum class MetricType { Counter, Gauge };

class MetricsWriter {
public:
    // `name` without the pilot_beacon_ prefix and, for counters, without
    // _total: counter("relay_forwarded", …) → pilot_beacon_relay_forwarded_total.
    void counter(std::string_view name, std::string_view help, uint64_t value, std::initializer_list<Label> labels = {});
    void gauge(std::string_view name, std::string_view help, double value, std::initializer_list<Label> labels = {});

    // Prometheus text: families sorted by name, # HELP and # TYPE once each.
    std::string render() const;
    // Every sample as {full series name with labels, value}, e.g. for tests and telemetry.
    std::vector<std::pair<std::string, double>> samples() const;

private:
    struct Family {
        MetricType type;
        std::string help;
        std::vector<std::pair<std::string, double>> series;  // {"{lcore=\"1\"}", value}
    };
    void add(MetricType type, std::string_view name, std::string_view help, double value,
             std::initializer_list<Label> labels);
    std::map<std::string, Family> families_;
};

class MetricsRegistry {
public:
    using Collector = std::function<void(MetricsWriter&)>;
    void add(Collector collector) { collectors_.push_back(std::move(collector)); }
    // Runs every collector (on the control-plane thread).
    MetricsWriter collect() const;

private:
    std::vector<Collector> collectors_;
};

}  // namespace pb::cp
