// controlplane/metrics.cpp — Prometheus text rendering.
#include "controlplane/metrics.hpp"

#include <charconv>
#include <cmath>

namespace pb::cp {

namespace {
constexpr std::string_view kPrefix = "pilot_beacon_";

// Label values escape \, " and newline; help text escapes \ and newline.
void append_escaped(std::string& out, std::string_view value, bool quote) {
    for (char c : value) {
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '\\' || (quote && c == '"')) out += '\\';
        out += c;
    }
}

std::string label_text(const MetricSeries& series) {
    if (series.labels.empty()) return {};
    std::string out = "{";
    for (const auto& [key, value] : series.labels) {
        if (out.size() > 1) out += ',';
        out += key;
        out += "=\"";
        append_escaped(out, value, true);
        out += '"';
    }
    out += '}';
    return out;
}

std::string number_text(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(int64_t(value));
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, end);
}
}  // namespace

void MetricsWriter::add(MetricType type, std::string_view name, std::string_view help, double value,
                        std::span<const Label> labels) {
    std::string full(kPrefix);
    full += name;
    if (type == MetricType::Counter) full += "_total";
    MetricFamily& family = families_[full];
    if (family.series.empty()) {
        family.type = type;
        family.help = help;
    }
    MetricSeries& series = family.series.emplace_back();
    series.value = value;
    for (const auto& [key, label_value] : labels) series.labels.emplace_back(key, label_value);
}

void MetricsWriter::counter(std::string_view name, std::string_view help, uint64_t value,
                            std::span<const Label> labels) {
    add(MetricType::Counter, name, help, double(value), labels);
}

void MetricsWriter::gauge(std::string_view name, std::string_view help, double value, std::span<const Label> labels) {
    add(MetricType::Gauge, name, help, value, labels);
}

void MetricsWriter::counter(std::string_view name, std::string_view help, uint64_t value,
                            std::initializer_list<Label> labels) {
    counter(name, help, value, std::span<const Label>(labels.begin(), labels.size()));
}

void MetricsWriter::gauge(std::string_view name, std::string_view help, double value,
                          std::initializer_list<Label> labels) {
    gauge(name, help, value, std::span<const Label>(labels.begin(), labels.size()));
}

std::string MetricsWriter::render() const {
    std::string out;
    for (const auto& [name, family] : families_) {
        out += "# HELP " + name + " ";
        append_escaped(out, family.help, false);
        out += "\n# TYPE " + name + (family.type == MetricType::Counter ? " counter\n" : " gauge\n");
        for (const auto& series : family.series)
            out += name + label_text(series) + " " + number_text(series.value) + "\n";
    }
    return out;
}

std::vector<std::pair<std::string, double>> MetricsWriter::samples() const {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& [name, family] : families_)
        for (const auto& series : family.series) out.emplace_back(name + label_text(series), series.value);
    return out;
}

MetricsWriter MetricsRegistry::collect() const {
    MetricsWriter writer;
    for (const auto& collector : collectors_) collector(writer);
    return writer;
}

}  // namespace pb::cp
