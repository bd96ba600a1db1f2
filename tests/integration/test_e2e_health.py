"""End-to-end operator endpoints (ARCHITECTURE.md section 6,
docs/operations.md) through the real pilot-beacond on net_af_packet (2 queues,
2 workers), kernel UDP sockets in a namespace as daemons:

- /healthz and /readyz answer while serving;
- /metrics during traffic: Discovers and Relays from 64 source ports, and
  the per-lcore counters must match the traffic exactly (summed here, over
  the lcore label), every worker lcore must have received packets, the
  NIC's per-queue RX figures must add up to the workers' rx_packets;
- /status and /status.json name the same workers; 404 and 405;
- the rte_telemetry socket: /pilot/stats carries the /metrics figures;
- SIGTERM: /healthz turns 503 "unhealthy" (and /readyz "draining") while a
  relay still goes through, then the process exits 0 after
  control.drain_grace_s.
"""

import json
import os
import re
import signal
import socket
import time
import unittest
import urllib.error
import urllib.request
from typing import Dict, FrozenSet, Tuple

import beacon_harness as bh
import pilot_wire as w

V4, V6 = socket.AF_INET, socket.AF_INET6
TEST_OVERRIDES = ["beacon.limits.reply_per_source_per_s=0"]
FLOWS = 64              # distinct source ports: af_packet's fanout spreads them over both queues
RELAYS_PER_PAIR = 5
HTTP_TIMEOUT_S = 5.0
DRAIN_GRACE_S = 3

SeriesKey = Tuple[str, FrozenSet[Tuple[str, str]]]
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def http(env: bh.BeaconEnv, path: str, method: str = "GET") -> Tuple[int, str, str]:
    """(status, body, content type) of one request to the health address."""
    url = "http://%s:%d%s" % (env.health_addr[0], env.health_addr[1], path)
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as answer:
            return answer.status, answer.read().decode(), answer.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers.get("Content-Type", "")


def scrape(env: bh.BeaconEnv) -> Dict[SeriesKey, float]:
    """Every /metrics sample: {(name, frozenset(labels)): value}."""
    status, body, _ = http(env, "/metrics")
    if status != 200:
        raise AssertionError(f"/metrics answered {status}: {body[:200]}")
    samples = {}
    for line in body.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            raise AssertionError(f"/metrics: not a sample line: {line!r}")
        labels = frozenset(LABEL.findall(m.group(2) or ""))
        samples[(m.group(1), labels)] = float(m.group(3))
    return samples


def by_lcore(samples: Dict[SeriesKey, float], name: str, **labels: str) -> Dict[str, float]:
    """{lcore: value} of the series of `name` whose other labels are `labels`."""
    out = {}
    for (series, series_labels), value in samples.items():
        found = dict(series_labels)
        lcore = found.pop("lcore", None)
        if series == name and lcore is not None and found == labels:
            out[lcore] = value
    return out


def total(samples: Dict[SeriesKey, float], name: str, **labels: str) -> float:
    """Sum over the lcore label (what Prometheus' sum() does)."""
    return sum(by_lcore(samples, name, **labels).values())


def family_total(samples: Dict[SeriesKey, float], name: str) -> float:
    """Sum of every series of a family, whatever its labels."""
    return sum(v for (series, _), v in samples.items() if series == name)


def delta(after, before, name, **labels) -> float:
    return total(after, name, **labels) - total(before, name, **labels)


def telemetry(env: bh.BeaconEnv, command: str):
    """The JSON answer of one rte_telemetry command (DPDK's v2 socket)."""
    path = os.path.join(bh.DPDK_RUNTIME_DIR, env.file_prefix, "dpdk_telemetry.v2")
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as s:
        s.settimeout(HTTP_TIMEOUT_S)
        s.connect(path)
        hello = json.loads(s.recv(1 << 16).decode())
        s.send(command.encode())
        answer = json.loads(s.recv(max(1 << 16, hello.get("max_output_len", 0))).decode())
    return answer[command.split(",", 1)[0]]


class HealthAndMetricsTests(bh.BeaconTestCase):
    beacon_options = {"port_kind": "af_packet", "queues": 2, "clients": 2, "extra_set": TEST_OVERRIDES}

    def test_healthz_and_readyz_while_serving(self):
        self.assertEqual(http(self.env, "/healthz"), (200, "ok", "text/plain; charset=utf-8"))
        bh.wait_until(lambda: http(self.env, "/readyz")[0] == 200, 5, "/readyz 200")
        self.assertEqual(http(self.env, "/readyz")[1], "ready\n")

    def test_counters_match_the_traffic(self):
        clients = [self.client(V4 if i % 2 else V6, host=(i // 2) % 2) for i in range(FLOWS)]
        ids = [bh.random_node_id() for _ in clients]
        before = scrape(self.env)
        for c, node_id in zip(clients, ids):   # one Discover each, no retries: exact counts
            c.send(w.Discover(node_id))
            self.assert_reply_is_endpoint(c.recv_msg(expect_type=w.DiscoverReply), c)
        half = FLOWS // 2
        for i in range(half):                 # sender i relays to client half + i
            for seq in range(RELAYS_PER_PAIR):
                payload = b"relay %d/%d" % (i, seq)
                clients[i].send(w.Relay(ids[i], ids[half + i], payload))
                self.assert_datagram(clients[half + i], w.RelayDeliver(ids[i], payload).encode(), "relay")
        after = scrape(self.env)
        relays = half * RELAYS_PER_PAIR

        self.assertEqual(delta(after, before, "pilot_beacon_discover_received_total"), FLOWS)
        self.assertEqual(delta(after, before, "pilot_beacon_discover_replied_total"), FLOWS)
        self.assertEqual(delta(after, before, "pilot_beacon_relay_received_total"), relays)
        self.assertEqual(delta(after, before, "pilot_beacon_relay_forwarded_total", tier="local"), relays)
        self.assertEqual(delta(after, before, "pilot_beacon_relay_forwarded_total", tier="peer"), 0)
        self.assertEqual(delta(after, before, "pilot_beacon_relay_not_found_total"), 0)
        self.assertEqual(family_total(after, "pilot_beacon_relay_dropped_total"),
                         family_total(before, "pilot_beacon_relay_dropped_total"))
        nodes = ("pilot_beacon_nodes", frozenset({("table", "local")}))
        self.assertEqual(after[nodes] - before[nodes], FLOWS)

        rx_before = by_lcore(before, "pilot_beacon_rx_packets_total")
        rx_after = by_lcore(after, "pilot_beacon_rx_packets_total")
        self.assertEqual(len(rx_after), self.env.workers, f"one rx_packets series per worker lcore: {rx_after}")
        for lcore, value in rx_after.items():
            self.assertGreater(value - rx_before[lcore], 0, f"worker lcore {lcore} received nothing from "
                               f"{FLOWS} source ports: {rx_after}")
        print(f"\n  traffic: {FLOWS} discovers, {relays} relays; rx_packets per lcore: "
              f"{ {k: rx_after[k] - rx_before[k] for k in rx_after} }; discover_received per lcore: "
              f"{by_lcore(after, 'pilot_beacon_discover_received_total')}")

    def test_nic_queues_add_up_to_the_workers_rx(self):
        def consistent():
            s = scrape(self.env)
            nic = family_total(s, "pilot_beacon_nic_rx_packets_total")
            return (s, nic) if nic == total(s, "pilot_beacon_rx_packets_total") and nic > 0 else None
        samples, nic = bh.wait_until(consistent, 5, "sum of nic_rx_packets_total == sum of rx_packets_total")
        queues = {dict(labels)["queue"] for (name, labels) in samples if name == "pilot_beacon_nic_rx_packets_total"}
        self.assertEqual(queues, {"0", "1"}, "af_packet keeps per-queue figures")
        kernel = samples[("pilot_beacon_kernel_iface_rx_packets_total", frozenset())]
        with open(f"/sys/class/net/{self.env.veth_beacon}/statistics/rx_packets") as f:
            veth = int(f.read())
        self.assertTrue(nic <= kernel <= veth, f"port {nic} <= kernel interface {kernel} <= veth now {veth}")
        self.assertEqual(samples[("pilot_beacon_port_link_up", frozenset())], 1)
        self.assertEqual(samples[("pilot_beacon_phase", frozenset({("phase", "serving")}))], 1)

    def test_status_views_and_errors(self):
        status, text, _ = http(self.env, "/status")
        self.assertEqual(status, 200)
        self.assertIn(": serving, up ", text.splitlines()[0])
        status, body, content_type = http(self.env, "/status.json")
        self.assertEqual((status, content_type), (200, "application/json"))
        view = json.loads(body)
        lcores = {str(worker["lcore"]) for worker in view["workers"]}
        self.assertEqual(lcores, set(by_lcore(scrape(self.env), "pilot_beacon_rx_packets_total")))
        self.assertEqual(view["port"]["driver"], "net_af_packet")
        self.assertEqual(http(self.env, "/nope")[0], 404)
        self.assertEqual(http(self.env, "/metrics", method="POST")[0], 405)

    def test_telemetry_carries_the_metrics_figures(self):
        c, node_id = self.discovered(V4)
        commands = telemetry(self.env, "/")
        for command in ("/pilot/info", "/pilot/stats", "/pilot/workers", "/pilot/nodes"):
            self.assertIn(command, commands)
        stats = telemetry(self.env, "/pilot/stats")
        workers = telemetry(self.env, "/pilot/workers")
        samples = scrape(self.env)   # quiet: nothing is sent meanwhile
        metric_lcores = by_lcore(samples, "pilot_beacon_discover_received_total")
        self.assertEqual(sorted(map(str, workers["lcore"])), sorted(metric_lcores))
        for i, lcore in enumerate(workers["lcore"]):
            self.assertEqual(stats["discover_received_total"][i], metric_lcores[str(lcore)])
            self.assertEqual(stats["relay_forwarded_total/local"][i],
                             by_lcore(samples, "pilot_beacon_relay_forwarded_total", tier="local")[str(lcore)])
        one = telemetry(self.env, "/pilot/stats,%d" % workers["lcore"][0])
        self.assertEqual(one["discover_received_total"], metric_lcores[str(workers["lcore"][0])])
        self.assertEqual(telemetry(self.env, "/pilot/nodes")["local"],
                         samples[("pilot_beacon_nodes", frozenset({("table", "local")}))])
        self.assertEqual(telemetry(self.env, "/pilot/info")["phase"], "serving")


class DrainingBeacon(bh.BeaconEnv):
    """A beacon the test stops itself (SIGTERM): close() then checks the exit
    status and the mbuf line instead of sending SIGINT."""

    def stop_beacon(self):
        if self.proc is None or self.proc.poll() is None:
            return super().stop_beacon()
        self.exit_code = self.proc.returncode
        problems = []
        if self.exit_code != 0:
            problems.append(f"pilot-beacond exited with {self.exit_code} after SIGTERM, expected 0")
        if not bh.MBUFS_RETURNED_PATTERN.search(self.log_text()):
            problems.append("pilot-beacond's log does not say that every mbuf was returned")
        return problems


class DrainTests(unittest.TestCase):
    def test_sigterm_drains_then_exits_zero(self):
        sets = TEST_OVERRIDES + [f"control.drain_grace_s={DRAIN_GRACE_S}"]
        with DrainingBeacon(queues=2, clients=1, extra_set=sets) as env:
            a, b = bh.PilotClient(env, V4), bh.PilotClient(env, V6)
            a_id, b_id = bh.random_node_id(), bh.random_node_id()
            a.discover(a_id)
            b.discover(b_id)
            bh.wait_until(lambda: http(env, "/readyz")[0] == 200, 5, "/readyz 200 before SIGTERM")

            env.proc.send_signal(signal.SIGTERM)
            signalled = time.monotonic()
            bh.wait_until(lambda: http(env, "/healthz")[0] == 503, 2, "/healthz 503 after SIGTERM")
            self.assertEqual(http(env, "/healthz")[:2], (503, "unhealthy"))
            self.assertEqual(http(env, "/readyz")[:2], (503, "draining\n"))
            a.send(w.Relay(a_id, b_id, b"while draining"))
            data, _ = b.recv(timeout=2.0)
            self.assertEqual(data, w.RelayDeliver(a_id, b"while draining").encode(), "relay during the drain")
            samples = scrape(env)
            self.assertEqual(samples[("pilot_beacon_phase", frozenset({("phase", "draining")}))], 1)
            self.assertIsNone(env.proc.poll(), "exited before the grace period")

            code = env.proc.wait(timeout=DRAIN_GRACE_S + 20)
            elapsed = time.monotonic() - signalled
            self.assertEqual(code, 0)
            self.assertGreaterEqual(elapsed, DRAIN_GRACE_S - 0.5, "stopped before control.drain_grace_s")
            print(f"\n  SIGTERM: 503 while draining, relay delivered, exit 0 after {elapsed:.1f} s "
                  f"(grace {DRAIN_GRACE_S} s)")
            a.close()
            b.close()


if __name__ == "__main__":
    unittest.main()
