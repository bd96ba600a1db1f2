// controlplane/dataplane_metrics.cpp — writing the beacon's own families.
#include "controlplane/dataplane_metrics.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "controlplane/control_plane.hpp"
#include "controlplane/http/build_info.hpp"
#include "controlplane/http/counter_catalogue.hpp"

namespace pb::cp {

namespace {

using Help = std::pair<std::string_view, std::string_view>;

// One line per family of PB_WORKER_COUNTERS; a family missing here gets
// kGenericHelp (and should be added, with its row in docs/operations.md).
constexpr Help kWorkerFamilyHelp[] = {
    {"rx_packets", "Frames received from the port"},
    {"rx_bytes", "Bytes of the frames received from the port"},
    {"tx_packets", "Frames handed to the port for transmission"},
    {"tx_bytes", "Bytes of the frames handed to the port"},
    {"tx_dropped", "Frames not transmitted, by reason"},
    {"l2_dropped", "Frames dropped at layer 2, by reason"},
    {"arp_replied", "ARP requests for our address answered"},
    {"arp_replies_punted", "ARP replies handed to the control plane's neighbour table"},
    {"arp_dropped", "ARP frames dropped, by reason"},
    {"icmp_echo_replied", "ICMP echo requests answered"},
    {"icmp_dropped", "ICMP messages dropped, by reason"},
    {"icmp6_echo_replied", "ICMPv6 echo requests answered"},
    {"nd_advert_sent", "Neighbour Advertisements sent in answer to solicitations"},
    {"nd_adverts_punted", "Neighbour Advertisements handed to the control plane's neighbour table"},
    {"icmp6_dropped", "ICMPv6 messages dropped, by reason"},
    {"ip_dropped", "IPv4/IPv6 packets dropped, by reason"},
    {"fragment_steer_dropped", "IP fragments not passed to the worker that reassembles them, by reason"},
    {"fragments_sent", "IP fragments transmitted (egress fragmentation)"},
    {"fragment_egress_dropped", "Datagrams that could not be fragmented for transmission"},
    {"udp_dropped", "UDP datagrams dropped, by reason"},
    {"beacon_dropped", "Beacon datagrams dropped before dispatch, by reason"},
    {"discover_received", "Discover and DiscoverEx messages received"},
    {"discover_replied", "DiscoverReply messages sent"},
    {"discover_endpoint_kept", "Discovers answered without moving the node's endpoint, by reason"},
    {"discover_dropped", "Discovers dropped, by reason"},
    {"stun_received", "STUN messages received (first byte 0x00)"},
    {"stun_replied", "STUN Binding responses sent, by response (success, error_400, error_420)"},
    {"stun_indications", "STUN Binding indications consumed"},
    {"stun_dropped", "STUN messages dropped, by reason"},
    {"punch_received", "PunchRequest messages received"},
    {"punch_commands_sent", "PunchCommand messages sent (two per granted request)"},
    {"punch_dropped", "PunchRequests dropped, by reason"},
    {"relay_received", "Relay messages received"},
    {"relay_forwarded", "Relays forwarded, by tier (local daemon, peer beacon, WSS peer)"},
    {"relay_not_found", "Relays whose destination is in no tier"},
    {"relay_dropped", "Relays dropped, by reason"},
    {"sync_received", "Sync messages received from peer beacons"},
    {"punt_dropped", "Frames for the control plane dropped, by reason"},
    {"frag_fragments", "IP fragments fed to this worker's reassembler"},
    {"frag_reassembled", "Datagrams reassembled from fragments"},
    {"frag_unfragmented", "Packets the reassembler returned at once (not fragments, IPv6 atomic fragments)"},
    {"frag_fragment_dropped", "Single fragments refused (the datagram they belong to carries on), by reason"},
    {"frag_datagram_dropped", "Datagrams abandoned with every fragment they held, by reason"},
};
constexpr std::string_view kGenericHelp = "Per-worker dataplane counter (docs/operations.md)";

constexpr std::array<std::pair<dp::PuntReason, std::string_view>, 3> kPuntReasons{{
    {dp::PuntReason::Sync, "sync"},
    {dp::PuntReason::WssRelay, "wss_relay"},
    {dp::PuntReason::Neighbour, "neighbour"},
}};

constexpr Phase kPhases[] = {Phase::Starting, Phase::Serving, Phase::Draining, Phase::Stopping};

void write_worker_counters(MetricsWriter& w, const DataplaneView& view) {
    for (unsigned worker = 0; worker < view.worker_count(); ++worker) {
        const std::string lcore = std::to_string(view.lcore(worker));
        const CounterValues values = read_counters(view, worker);
        for (std::size_t i = 0; i < kWorkerCounterCount; ++i) {
            const CounterInfo& c = kWorkerCounters[i];
            const Label labels[] = {{"lcore", lcore}, {c.label_key, c.label_value}};
            w.counter(c.family, worker_family_help(c.family), values[i],
                      std::span<const Label>(labels, c.label_key.empty() ? 1 : 2));
        }
        w.counter("worker_polls", "Poll-loop iterations of the worker (its heartbeat)",
                  view.counters(worker).heartbeat.load(std::memory_order_relaxed), {{"lcore", lcore}});
        w.counter("hot_log_dropped", "Worker log lines dropped: the worker's hot-path log queue was full",
                  view.hot_log_dropped(worker), {{"lcore", lcore}});
    }
}

void write_nodes(MetricsWriter& w, const NodeFigures& nodes) {
    const std::pair<std::string_view, const TableFigures*> tables[] = {
        {"local", &nodes.local}, {"peer", &nodes.peer}, {"wss", &nodes.wss}};
    for (const auto& [name, t] : tables) {
        w.gauge("nodes", "Entries in a node table (local: daemons here; peer: via peer beacons; wss: WSS peers)",
                double(t->size), {{"table", name}});
        w.gauge("node_table_capacity", "Entries a node table can hold", double(t->capacity), {{"table", name}});
    }
}

void write_nic_queue(MetricsWriter& w, const NicQueueFigures& q, std::string_view queue) {
    w.counter("nic_rx_packets", "Packets the NIC received (rte_eth_stats), per RX queue", q.rx_packets,
              {{"queue", queue}});
    w.counter("nic_tx_packets", "Packets the NIC sent (rte_eth_stats), per TX queue", q.tx_packets, {{"queue", queue}});
    w.counter("nic_rx_bytes", "Bytes the NIC received (rte_eth_stats), per RX queue", q.rx_bytes, {{"queue", queue}});
    w.counter("nic_tx_bytes", "Bytes the NIC sent (rte_eth_stats), per TX queue", q.tx_bytes, {{"queue", queue}});
}

void write_nic(MetricsWriter& w, const NicFigures& nic) {
    if (!nic.valid) return;
    if (nic.queues.empty()) write_nic_queue(w, nic.total, "all");
    for (std::size_t q = 0; q < nic.queues.size(); ++q) write_nic_queue(w, nic.queues[q], std::to_string(q));
    w.counter("nic_rx_missed", "Packets the NIC dropped: RX queues full (imissed)", nic.rx_missed);
    w.counter("nic_rx_errors", "Erroneous packets the NIC received (ierrors)", nic.rx_errors);
    w.counter("nic_tx_errors", "Packets the NIC failed to send (oerrors)", nic.tx_errors);
    w.counter("nic_rx_nombuf", "RX mbuf allocation failures (rx_nombuf)", nic.rx_nombuf);
    if (nic.kernel_rx_packets)
        w.counter("kernel_iface_rx_packets",
                  "Frames the kernel interface under the port received (net_af_packet, net_af_xdp) since it was "
                  "created; the port's nic_rx_packets growing slower means frames lost before the beacon, which "
                  "those drivers do not count in nic_rx_missed",
                  *nic.kernel_rx_packets);
}

}  // namespace

std::string_view worker_family_help(std::string_view family) {
    const auto* it = std::find_if(std::begin(kWorkerFamilyHelp), std::end(kWorkerFamilyHelp),
                                  [family](const Help& h) { return h.first == family; });
    return it == std::end(kWorkerFamilyHelp) ? kGenericHelp : it->second;
}

void write_dataplane_metrics(MetricsWriter& w, const DataplaneView& view) {
    write_worker_counters(w, view);
    write_nodes(w, view.nodes());
    w.gauge("port_link_up", "1 when the data port's link is up", view.link_up() ? 1 : 0);
    write_nic(w, view.nic());
    const PoolFigures pool = view.pool();
    w.gauge("mbufs", "Mbufs of the port's pool, by state", double(pool.in_use), {{"state", "in_use"}});
    w.gauge("mbufs", "Mbufs of the port's pool, by state", double(pool.available), {{"state", "available"}});
}

void write_process_metrics(MetricsWriter& w, Phase phase) {
    for (Phase p : kPhases)
        w.gauge("phase", "1 for the current lifecycle phase (starting, serving, draining, stopping)",
                p == phase ? 1 : 0, {{"phase", phase_name(p)}});
    w.gauge("uptime_seconds", "Seconds since the process started", uptime_seconds());
    w.gauge("build_info", "Always 1; the version label names the build", 1, {{"version", kVersionNumber}});
}

void write_channel_metrics(MetricsWriter& w, const PuntDispatcher& punts, const Injector& injector) {
    for (const auto& [reason, name] : kPuntReasons) {
        w.counter("punt_handled", "Punted frames the control plane handed to a service, by reason",
                  punts.handled(reason), {{"reason", name}});
        w.counter("punt_unhandled", "Punted frames no service was registered for (freed), by reason",
                  punts.unhandled(reason), {{"reason", name}});
    }
    w.counter("inject_dropped", "Frames the control plane could not hand to a worker, by reason", injector.dropped(),
              {{"reason", "ring_full"}});
}

void register_beacon_metrics(ControlPlane& control, const DataplaneView& view) {
    control.metrics().add([&view](MetricsWriter& w) { write_dataplane_metrics(w, view); });
    control.metrics().add(
        [&lifecycle = control.lifecycle()](MetricsWriter& w) { write_process_metrics(w, lifecycle.phase()); });
    control.metrics().add([&punts = control.punts(), &injector = control.injector()](MetricsWriter& w) {
        write_channel_metrics(w, punts, injector);
    });
}

}  // namespace pb::cp
