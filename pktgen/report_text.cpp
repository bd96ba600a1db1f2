// pktgen/report_text.cpp — the terminal table and the progress line.
#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "pktgen/report.hpp"

namespace pb::pktgen {

namespace {

std::string format(const char* fmt, auto... args) {
    char buffer[512];
    std::snprintf(buffer, sizeof buffer, fmt, args...);
    return buffer;
}

std::string percent(double fraction) { return format("%.3f %%", fraction * 100); }

void latency_row(std::FILE* out, const char* what, const Histogram& h) {
    if (h.count() == 0) return;
    std::fprintf(out, "  %-22s p50 %-9s p90 %-9s p99 %-9s p99.9 %-9s max %-9s (n=%" PRIu64 ")\n", what,
                 duration_text(double(h.percentile(0.50))).c_str(), duration_text(double(h.percentile(0.90))).c_str(),
                 duration_text(double(h.percentile(0.99))).c_str(), duration_text(double(h.percentile(0.999))).c_str(),
                 duration_text(double(h.max())).c_str(), h.count());
}

void kind_row(std::FILE* out, const char* what, uint64_t sent, uint64_t answered, double seconds, const char* note) {
    if (sent == 0) return;
    std::fprintf(out, "  %-22s %14" PRIu64 " %14" PRIu64 " %12s %s\n", what, sent, answered,
                 si(seconds > 0 ? double(sent) / seconds : 0).c_str(), note);
}

void print_run(const Measurement& m, std::FILE* out) {
    const CounterSnapshot& c = m.counters;
    std::fprintf(out, "\n%s: %.2f s, %s, target %s\n", m.label.c_str(), m.seconds,
                 m.closed_loop ? "closed loop" : "open loop",
                 m.target_pps ? (si(double(m.target_pps)) + "pps").c_str() : "unpaced");
    std::fprintf(out, "  %-22s %14s %14s %12s\n", "", "sent", "answered", "sent/s");
    kind_row(out, "relay", c.sent_relay, m.sequence.unique, m.seconds,
             ("loss " + percent(m.relay_loss())).c_str());
    kind_row(out, "relay to unknown id", c.sent_not_found, c.rx_relay_forbidden, m.seconds, "(answers must be 0)");
    kind_row(out, "discover (+keepalive)", c.sent_discover + c.sent_keepalive, c.rx_discover_reply, m.seconds,
             ("no reply " + percent(m.discover_loss())).c_str());
    kind_row(out, "punch", c.sent_punch, c.rx_punch_command, m.seconds,
             ("missing commands " + percent(m.punch_loss())).c_str());
    kind_row(out, "hostile", c.sent_hostile, c.rx_relay_forbidden, m.seconds, "(answers must be 0)");
    std::fprintf(out, "  offered %spps, delivered %spps (relays), tx %sbit/s\n", si(m.offered_pps()).c_str(),
                 si(m.delivered_pps()).c_str(),
                 si(m.seconds > 0 ? double(c.tx_bytes) * 8 / m.seconds : 0).c_str());
    if (c.sent_relay > 0)
        std::fprintf(out,
                     "  sequence: unique %" PRIu64 ", reordered %" PRIu64 ", duplicates %" PRIu64 ", too old %" PRIu64
                     ", stale %" PRIu64 ", foreign %" PRIu64 "\n",
                     m.sequence.unique, m.sequence.reordered, m.sequence.duplicates, m.sequence.too_old,
                     c.rx_relay_stale, c.rx_relay_foreign);
    latency_row(out, "relay latency", m.relay_latency);
    latency_row(out, "reply latency", m.reply_latency);
    if (c.tx_retries || c.tx_alloc_failed || c.pacer_behind || c.tx_fragment_failed || c.window_timeouts ||
        c.rx_unexpected)
        std::fprintf(out,
                     "  generator: tx retries %" PRIu64 ", alloc failed %" PRIu64 ", behind %" PRIu64
                     ", fragment failed %" PRIu64 ", window timeouts %" PRIu64 ", unexpected rx %" PRIu64 "\n",
                     c.tx_retries, c.tx_alloc_failed, c.pacer_behind, c.tx_fragment_failed, c.window_timeouts,
                     c.rx_unexpected);
}

}  // namespace

std::string si(double value) {
    if (value >= 1e9) return format("%.2f G", value / 1e9);
    if (value >= 1e6) return format("%.2f M", value / 1e6);
    if (value >= 1e3) return format("%.2f k", value / 1e3);
    return format("%.0f ", value);
}

std::string duration_text(double ns) {
    if (ns >= 1e6) return format("%.2f ms", ns / 1e6);
    if (ns >= 1e3) return format("%.1f us", ns / 1e3);
    return format("%.0f ns", ns);
}

void print_report(const Report& r, std::FILE* out) {
    std::fprintf(out, "\npilot-pktgen report: scenario %s\n", r.scenario.c_str());
    if (!r.description.empty()) std::fprintf(out, "  %s\n", r.description.c_str());
    std::fprintf(out, "  port %s (%s), lcores %s, %u worker(s); beacon MAC %s\n", r.device.c_str(), r.driver.c_str(),
                 r.lcores.c_str(), r.workers, r.beacon_mac.c_str());
    std::fprintf(out, "  daemons %u, registered %u in %.2f s\n", r.daemons, r.registered, r.register_seconds);
    for (const Measurement& m : r.runs) print_run(m, out);
    if (r.ramp) {
        std::fprintf(out, "\nrate search (loss threshold %s):\n", percent(r.ramp->loss_threshold).c_str());
        for (std::size_t i = 0; i < r.ramp->trials.size(); ++i) {
            const RampTrial& t = r.ramp->trials[i];
            std::fprintf(out, "  trial %2zu  target %12spps  offered %12spps  loss %-12s %s\n", i + 1,
                         si(double(t.rate_pps)).c_str(), si(t.offered_pps).c_str(), percent(t.loss).c_str(),
                         t.passed ? "pass" : "FAIL");
        }
        std::fprintf(out, "  highest rate within the threshold: %spps offered (target %spps)\n",
                     si(r.ramp->best_pps).c_str(), si(double(r.ramp->best_target_pps)).c_str());
    }
}

std::string progress_line(std::string_view label, double elapsed_s, double interval_s, const CounterSnapshot& d,
                          const Histogram& relay_latency, const Histogram& reply_latency) {
    const double sent = double(d.sent_relay + d.sent_not_found + d.sent_discover + d.sent_punch + d.sent_hostile +
                               d.sent_keepalive + d.sent_register);
    std::string line = format("[%.*s] %6.1f s  tx %10spps  rx %10spps", int(label.size()), label.data(), elapsed_s,
                              si(sent / interval_s).c_str(), si(double(d.rx_frames) / interval_s).c_str());
    if (d.sent_relay > 0) {
        const double loss = 1.0 - double(std::min(d.rx_relay, d.sent_relay)) / double(d.sent_relay);
        line += format("  relay loss %6.2f %%", loss * 100);
    }
    const Histogram& h = relay_latency.count() ? relay_latency : reply_latency;
    if (h.count())
        line += "  p50 " + duration_text(double(h.percentile(0.5))) + "  p99 " +
                duration_text(double(h.percentile(0.99)));
    if (d.tx_retries) line += format("  tx-retry %" PRIu64, d.tx_retries);
    return line;
}

}  // namespace pb::pktgen
