// pktgen/report.hpp — the ways a Report leaves the program: a table on the
// terminal, JSON (every counter, every run, the ramp's trials) and CSV (one
// row per run) for scripts, and the per-second progress line.
#pragma once

#include <cstdio>
#include <string>

#include "pktgen/histogram.hpp"
#include "pktgen/measurement.hpp"
#include "pktgen/stats.hpp"

namespace pb::pktgen {

void print_report(const Report& report, std::FILE* out);
std::string report_json(const Report& report);
std::string report_csv(const Report& report);
// The CSV header line (what report_csv starts with).
std::string csv_header();

// "  3.0 s  tx 99.9 kpps  delivered 99.8 kpps  loss 0.02 %  p50 21 µs  p99 45 µs"
// from the counters and latencies of the last interval.
std::string progress_line(std::string_view label, double elapsed_s, double interval_s, const CounterSnapshot& delta,
                          const Histogram& relay_latency, const Histogram& reply_latency);

// 1234567 → "1.23 M", 9876 → "9.88 k".
std::string si(double value);
// Nanoseconds as "850 ns", "21.3 µs", "4.10 ms".
std::string duration_text(double ns);

}  // namespace pb::pktgen
