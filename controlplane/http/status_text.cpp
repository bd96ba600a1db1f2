// controlplane/http/status_text.cpp — /status: the status view as plain
// text, one screen.
#include <algorithm>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>

#include "controlplane/http/status_report.hpp"

namespace pb::cp {

namespace {

[[gnu::format(printf, 2, 3)]] void line(std::string& out, const char* format, ...) {
    char buf[512];
    va_list args;
    va_start(args, format);
    const int n = std::vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    out.append(buf, std::min<std::size_t>(n < 0 ? 0 : std::size_t(n), sizeof buf - 1));
    out += '\n';
}

std::string duration_text(double seconds) {
    const auto total = uint64_t(seconds);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%" PRIu64 "d %02" PRIu64 ":%02" PRIu64 ":%02" PRIu64, total / 86400,
                  total / 3600 % 24, total / 60 % 60, total % 60);
    return buf;
}

}  // namespace

std::string render_status_text(const StatusReport& r) {
    std::string out;
    const StatusHeader& h = r.header;
    line(out, "%s: %s, up %s, %s%s", h.version.c_str(), h.phase.c_str(), duration_text(h.uptime_s).c_str(),
         h.readiness.ready ? "" : "not ready: ", h.readiness.reason.c_str());
    line(out, "port     %s %s, %u queues, link: %s", r.port.driver.c_str(), r.port.mac.c_str(), r.port.queues,
         r.port.link.c_str());
    line(out, "mbufs    %" PRIu64 " in use, %" PRIu64 " available (pool of %u)", r.pool.in_use, r.pool.available,
         r.port.mbufs);
    line(out, "workers  %zu", r.workers.size());
    for (const WorkerStatus& w : r.workers)
        line(out, "  lcore %-3u %u queue%s  rx %.1f/s  tx %.1f/s", w.lcore, w.queues, w.queues == 1 ? " " : "s",
             w.rx_per_s, w.tx_per_s);
    line(out, "nodes    local %" PRIu64 " of %" PRIu64 ", peer %" PRIu64 " of %" PRIu64 ", wss %" PRIu64 " of %" PRIu64,
         r.nodes.local.size, r.nodes.local.capacity, r.nodes.peer.size, r.nodes.peer.capacity, r.nodes.wss.size,
         r.nodes.wss.capacity);
    line(out, "rates/s  rx %.1f  tx %.1f  relayed %.1f  relay not found %.1f  dropped %.1f", r.rates.rx_packets,
         r.rates.tx_packets, r.rates.relay_forwarded, r.rates.relay_not_found, r.rates.dropped);
    if (r.top_drops.empty()) {
        line(out, "drops    none");
        return out;
    }
    line(out, "drops    (largest since start)");
    for (const DropStatus& d : r.top_drops)
        line(out, "  %-48s %12" PRIu64 "  %.1f/s", d.counter.c_str(), d.total, d.per_s);
    return out;
}

}  // namespace pb::cp
