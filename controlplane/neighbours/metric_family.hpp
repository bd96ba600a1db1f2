// controlplane/neighbours/metric_family.hpp — writes one metric family whose
// series differ by the value of a single label (reason, state, format…)
// from parallel lists of label values and numbers, so that services keep
// their counters in arrays indexed by an enum and name them once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "controlplane/metrics.hpp"

namespace pb::cp {

inline void counter_family(MetricsWriter& out, std::string_view name, std::string_view help, std::string_view label,
                           std::span<const std::string_view> values, std::span<const uint64_t> counts) {
    for (size_t i = 0; i < values.size() && i < counts.size(); ++i) out.counter(name, help, counts[i], {{label, values[i]}});
}

inline void gauge_family(MetricsWriter& out, std::string_view name, std::string_view help, std::string_view label,
                         std::span<const std::string_view> values, std::span<const double> levels) {
    for (size_t i = 0; i < values.size() && i < levels.size(); ++i) out.gauge(name, help, levels[i], {{label, values[i]}});
}

}  // namespace pb::cp
