// pktgen/report_data.cpp — the report as JSON and as CSV.
#include "pktgen/json_writer.hpp"
#include "pktgen/report.hpp"

namespace pb::pktgen {

namespace {

struct Quantile {
    const char* name;
    double q;
};
constexpr Quantile kQuantiles[] = {{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p99_9", 0.999}};

void latency_json(JsonWriter& j, std::string_view name, const Histogram& h) {
    j.key(name).begin_object();
    j.field("count", h.count()).field("min_ns", h.min()).field("mean_ns", h.mean());
    for (const Quantile& q : kQuantiles) j.field(std::string(q.name) + "_ns", h.percentile(q.q));
    j.field("max_ns", h.max());
    j.end_object();
}

void run_json(JsonWriter& j, const Measurement& m) {
    j.begin_object();
    j.field("label", m.label).field("target_pps", m.target_pps).field("closed_loop", m.closed_loop);
    j.field("seconds", m.seconds).field("relay_payload_bytes", uint64_t(m.relay_payload_bytes));
    j.field("offered_pps", m.offered_pps()).field("delivered_pps", m.delivered_pps());
    j.field("loss", m.loss()).field("relay_loss", m.relay_loss());
    j.field("discover_loss", m.discover_loss()).field("punch_loss", m.punch_loss());
    j.key("sequence").begin_object();
    j.field("received", m.sequence.received).field("unique", m.sequence.unique);
    j.field("reordered", m.sequence.reordered).field("duplicates", m.sequence.duplicates);
    j.field("too_old", m.sequence.too_old).end_object();
    latency_json(j, "relay_latency", m.relay_latency);
    latency_json(j, "reply_latency", m.reply_latency);
    j.key("counters").begin_object();
    m.counters.each([&](std::string_view name, uint64_t value) { j.field(name, value); });
    j.end_object();
    j.key("sent_hostile_variant").begin_object();
    for (std::size_t v = 0; v < kHostileVariantCount; ++v)
        j.field(kHostileVariantNames[v], m.counters.sent_hostile_variant[v]);
    j.end_object();
    j.key("port").begin_object();
    m.port.each([&](std::string_view name, uint64_t value) { j.field(name, value); });
    j.end_object();
    j.end_object();
}

std::string csv_number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

}  // namespace

std::string report_json(const Report& r) {
    JsonWriter j;
    j.begin_object();
    j.field("scenario", r.scenario).field("description", r.description);
    j.field("lcores", r.lcores).field("device", r.device).field("driver", r.driver);
    j.field("workers", uint64_t(r.workers)).field("daemons", uint64_t(r.daemons));
    j.field("registered", uint64_t(r.registered)).field("register_seconds", r.register_seconds);
    j.field("beacon_mac", r.beacon_mac);
    j.key("runs").begin_array();
    for (const Measurement& m : r.runs) run_json(j, m);
    j.end_array();
    if (r.ramp) {
        j.key("ramp").begin_object();
        j.field("best_pps", r.ramp->best_pps).field("best_target_pps", r.ramp->best_target_pps);
        j.field("loss_threshold", r.ramp->loss_threshold);
        j.key("trials").begin_array();
        for (const RampTrial& t : r.ramp->trials)
            j.begin_object()
                .field("rate_pps", t.rate_pps)
                .field("offered_pps", t.offered_pps)
                .field("loss", t.loss)
                .field("passed", t.passed)
                .end_object();
        j.end_array().end_object();
    }
    j.end_object();
    return j.text() + "\n";
}

std::string csv_header() {
    return "scenario,label,target_pps,closed_loop,seconds,payload_bytes,offered_pps,delivered_pps,loss,"
           "sent_relay,unique,reordered,duplicates,p50_ns,p90_ns,p99_ns,p99_9_ns,max_ns,"
           "reply_p50_ns,reply_p99_ns\n";
}

std::string report_csv(const Report& r) {
    std::string out = csv_header();
    for (const Measurement& m : r.runs) {
        const Histogram& h = m.relay_latency;
        const Histogram& reply = m.reply_latency;
        out += r.scenario + "," + m.label + "," + std::to_string(m.target_pps) + "," + (m.closed_loop ? "1" : "0") +
               "," + csv_number(m.seconds) + "," + std::to_string(m.relay_payload_bytes) + "," +
               csv_number(m.offered_pps()) + "," + csv_number(m.delivered_pps()) + "," + csv_number(m.loss()) + "," +
               std::to_string(m.counters.sent_relay) + "," + std::to_string(m.sequence.unique) + "," +
               std::to_string(m.sequence.reordered) + "," + std::to_string(m.sequence.duplicates);
        for (const Quantile& q : kQuantiles) out += "," + std::to_string(h.percentile(q.q));
        out += "," + std::to_string(h.max()) + "," + std::to_string(reply.percentile(0.5)) + "," +
               std::to_string(reply.percentile(0.99)) + "\n";
    }
    return out;
}

}  // namespace pb::pktgen
