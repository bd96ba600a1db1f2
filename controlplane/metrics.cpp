// controlplane/metrics.cpp — Prometheus text rendering.
#include "controlplane/metrics.hpp"

#include <charconv>
#include <cmath>

namespace pb::cp {

namespace {
constexpr std::string_view kPrefix = "pilot_beacon_";

void append_escaped_label(std::string& out, std::string_view value) {
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
}

std::string label_text(std::initializer_list<Label> labels) {
    if (labels.size() == 0) return {};
    std::string out = "{";
    bool first = true;
    for (const auto& [key, value] : labels) {
        if (!first) out += ',';
        first = false;
        out += key;
        out += "=\"";
        append_escaped_label(out, value);
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
                        std::initializer_list<Label> labels) {
    std::string full(kPrefix);
    full += name;
    if (type == MetricType::Counter) full += "_total";
    Family& family = families_[full];
    if (family.series.empty()) {
        family.type = type;
        family.help = help;
    }
    family.series.emplace_back(label_text(labels), value);
}

void MetricsWriter::counter(std::string_view name, std::string_view help, uint64_t value,
                            std::initializer_list<Label> labels) {
    add(MetricType::Counter, name, help, double(value), labels);
}

void MetricsWriter::gauge(std::string_view name, std::string_view help, double value,
                          std::initializer_list<Label> labels) {
    add(MetricType::Gauge, name, help, value, labels);
}

std::string MetricsWriter::render() const {
    std::string out;
    for (const auto& [name, family] : families_) {
        out += "# HELP " + name + " " + family.help + "\n";
        out += "# TYPE " + name + (family.type == MetricType::Counter ? " counter\n" : " gauge\n");
        for (const auto& [labels, value] : family.series) out += name + labels + " " + number_text(value) + "\n";
    }
    return out;
}

std::vector<std::pair<std::string, double>> MetricsWriter::samples() const {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& [name, family] : families_)
        for (const auto& [labels, value] : family.series) out.emplace_back(name + labels, value);
    return out;
}

MetricsWriter MetricsRegistry::collect() const {
    MetricsWriter writer;
    for (const auto& collector : collectors_) collector(writer);
    return writer;
}

}  // namespace pb::cp
