// controlplane/metrics.hpp — the metrics interface every service reports
// through: a registry of collectors, each writing samples into a
// MetricsWriter, rendered as Prometheus text exposition (version 0.0.4) for
// /metrics and reused by the telemetry commands and the status view.
// Names follow ARCHITECTURE.md §6: prefix pilot_beacon_, counters end in
// _total, per-worker series carry an lcore label, no series repeats a sum
// of others. docs/operations.md lists every family.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pb::cp {

using Label = std::pair<std::string_view, std::string_view>;

enum class MetricType { Counter, Gauge };

// One series of a family: its labels in the order written, and its value.
struct MetricSeries {
    std::vector<std::pair<std::string, std::string>> labels;
    double value = 0;
};

struct MetricFamily {
    MetricType type = MetricType::Gauge;
    std::string help;
    std::vector<MetricSeries> series;
};

class MetricsWriter {
public:
    // `name` without the pilot_beacon_ prefix and, for counters, without
    // _total: counter("relay_forwarded", …) → pilot_beacon_relay_forwarded_total.
    // The first sample of a family sets its help text and type.
    void counter(std::string_view name, std::string_view help, uint64_t value,
                 std::initializer_list<Label> labels = {});
    void gauge(std::string_view name, std::string_view help, double value, std::initializer_list<Label> labels = {});
    void counter(std::string_view name, std::string_view help, uint64_t value, std::span<const Label> labels);
    void gauge(std::string_view name, std::string_view help, double value, std::span<const Label> labels);

    // Prometheus text: families sorted by name, # HELP and # TYPE once each;
    // label values escaped (\\, \", \n), help text escaped (\\, \n).
    std::string render() const;
    // Every sample as {full series name with labels, value}, e.g. for tests and telemetry.
    std::vector<std::pair<std::string, double>> samples() const;
    // The families by full name (pilot_beacon_…), for other renderings.
    const std::map<std::string, MetricFamily>& families() const { return families_; }

private:
    void add(MetricType type, std::string_view name, std::string_view help, double value,
             std::span<const Label> labels);
    std::map<std::string, MetricFamily> families_;
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
