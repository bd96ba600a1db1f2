"""Fault test: SIGHUP reloads while UDP traffic flows, through the real
pilot-beacond (docs/operations.md "Signals and the drain", docs/gossip.md
"Reload and peers"). The beacon reads a configuration file of the test's
(config/dev.yaml plus the reloadable keys), which the test rewrites before
each SIGHUP:

- the gossip peer list changes: the new peer gets Syncs, the old one no more;
- a registry appears: the beacon registers with it;
- the log level goes from debug to warn (no more debug lines) and to info;
- a broken file: refused with a warning, the running configuration kept.

Meanwhile a thread sends a Discover every 20 ms and counts the replies:
serving never stops (no reply missing for more than a second), no counter
goes backwards, the uptime is not reset, and the mbufs in use return to
their level before the reloads (the harness checks at exit that every mbuf
was returned).
"""

import os
import re
import shutil
import signal
import socket
import tempfile
import threading
import time
import unittest
from typing import List

import beacon_harness as bh
import fake_registry as fr
import fault_support as fs
import gossip_support as gs
import pilot_wire as w
import wss_harness as wh

V4 = socket.AF_INET
BEACON_ID = 6161
OLD_PEER_HOST, NEW_PEER_HOST = 1, 2
DEBUG_LINE = re.compile(r"^\S+ DEBUG ", re.M)
MONOTONIC = ("pilot_beacon_rx_packets_total", "pilot_beacon_discover_received_total",
             "pilot_beacon_discover_replied_total", "pilot_beacon_gossip_sync_sent_total",
             "pilot_beacon_http_requests_total", "pilot_beacon_uptime_seconds")


def config_text(peers: List[str], registry: str, level: str) -> str:
    """config/dev.yaml with the reloadable keys of this test."""
    with open(os.path.join(bh.repo_root(), "config", "dev.yaml")) as f:
        text = f.read()
    listed = ", ".join(f'"{p}"' for p in peers)
    text = text.replace("\nbeacon:\n", f"\nbeacon:\n  peers: [{listed}]\n", 1)
    text = text.replace("\ncontrol:\n", f'\ncontrol:\n  registry: "{registry}"\n', 1)
    replaced = re.sub(r"\nlog:\n  level: \w+\n", f"\nlog:\n  level: {level}\n", text, count=1)
    assert replaced != text or f"level: {level}" in text, "config/dev.yaml has no log.level to replace"
    return replaced


class DiscoverLoop(threading.Thread):
    """Discovers every 20 ms; records when replies came."""

    def __init__(self, client: bh.PilotClient):
        super().__init__(daemon=True)
        self.client = client
        self.node_id = bh.random_node_id()
        self.sent = 0
        self.replies: List[float] = []
        self.stop_flag = threading.Event()

    def run(self) -> None:
        message = w.Discover(self.node_id).encode()
        sock = self.client.sock
        sock.settimeout(0.02)
        while not self.stop_flag.is_set():
            sock.sendto(message, self.client.beacon)
            self.sent += 1
            deadline = time.monotonic() + 0.02
            while (left := deadline - time.monotonic()) > 0:
                sock.settimeout(left)
                try:
                    data, _ = sock.recvfrom(2048)
                except (socket.timeout, BlockingIOError):
                    break
                if data[:1] == bytes([w.DISCOVER_REPLY]):
                    self.replies.append(time.monotonic())

    def longest_gap(self, started: float) -> float:
        times = [started] + self.replies + [time.monotonic()]
        return max(b - a for a, b in zip(times, times[1:]))


class ReloadTests(bh.BeaconTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.tmpdir = tempfile.mkdtemp(prefix="pb-reload-")
        cls.addClassCleanup(shutil.rmtree, cls.tmpdir, True)
        cls.config_path = os.path.join(cls.tmpdir, "beacon.yaml")
        env = bh.BeaconEnv(clients=3, log_level=None, extra_args=["-config", cls.config_path])
        cls.old_peer = f"{env.client_ipv4[OLD_PEER_HOST]}:{bh.BEACON_PORT}"
        cls.new_peer = f"{env.client_ipv4[NEW_PEER_HOST]}:{bh.BEACON_PORT}"
        cls.write_config([cls.old_peer], "", "debug")
        env.extra_set += [f"beacon.beacon_id={BEACON_ID}", "beacon.limits.reply_per_source_per_s=0",
                          f"beacon.timers.gossip_interval_s={gs.GOSSIP_INTERVAL_S}", "control.registry_interval_s=1"]
        env.__enter__()
        cls.env = env
        cls.addClassCleanup(env.close, True)

    @classmethod
    def write_config(cls, peers: List[str], registry: str, level: str, text: str = "") -> None:
        with open(cls.config_path + ".new", "w") as f:
            f.write(text or config_text(peers, registry, level))
        os.replace(cls.config_path + ".new", cls.config_path)

    def peer(self, host: int) -> gs.PeerSocket:
        return gs.PeerSocket(self.env.udp_socket(V4, host=host, port=bh.BEACON_PORT), self.env.beacon_endpoint(V4))

    def reload(self, logged: str) -> None:
        """SIGHUP, then waits until the beacon logs `logged` once more."""
        count = self.env.log_text().count(logged)
        self.env.proc.send_signal(signal.SIGHUP)
        fs.wait_until(lambda: self.env.log_text().count(logged) > count, 5, f"{logged!r} after SIGHUP")

    def syncs(self, peer: gs.PeerSocket, seconds: float) -> int:
        return len([g for _, g in peer.gossip_for(seconds) if g.sync is not None])

    def test_reloads_while_serving(self):
        env = self.env
        registry = fr.FakeRegistry()
        self.addCleanup(registry.close)
        registry.set_mode("good")
        old_peer, new_peer = self.peer(OLD_PEER_HOST), self.peer(NEW_PEER_HOST)
        self.assertGreaterEqual(self.syncs(old_peer, 2.5), 1, "the configured peer gets Syncs")
        before = wh.metrics(env)
        loop = DiscoverLoop(self.client(V4))
        started = time.monotonic()
        loop.start()
        self.addCleanup(loop.stop_flag.set)

        # Peers: the old one is dropped, the new one gets Syncs.
        self.write_config([self.new_peer], "", "debug")
        self.reload("gossip: reloaded peers=1")
        old_peer.drain()
        new_peer.drain()
        self.assertGreaterEqual(self.syncs(new_peer, 2.5), 1, "the reloaded peer gets no Sync")
        self.assertEqual(self.syncs(old_peer, 0.5), 0, "the removed peer still gets Syncs")

        # A registry appears: the beacon registers at the next cycle.
        self.write_config([self.new_peer], registry.address, "debug")
        self.reload("SIGHUP: reloaded log_level=DEBUG")
        fs.wait_until(lambda: registry.registrations(), 5, "registration with the reloaded registry")
        self.assertEqual(registry.registrations()[0]["beacon_id"], BEACON_ID)

        # Log level debug -> warn: no debug lines (there is one per gossip round at debug).
        self.write_config([self.new_peer], registry.address, "warn")
        env.proc.send_signal(signal.SIGHUP)   # at warn, the reload itself is not logged
        time.sleep(1.0)
        quiet_from = len(env.log_text())
        time.sleep(2.5)
        self.assertEqual(DEBUG_LINE.findall(env.log_text()[quiet_from:]), [], "debug lines at level warn")
        self.write_config([self.new_peer], registry.address, "info")
        self.reload("SIGHUP: reloaded log_level=INFO")

        # A broken file: refused, the running configuration kept.
        self.write_config([], "", "", text="beacon: [this is not\n")
        self.reload("configuration not reloaded")
        new_peer.drain()
        self.assertGreaterEqual(self.syncs(new_peer, 2.5), 1, "the running peers were lost with a bad file")

        loop.stop_flag.set()
        loop.join(timeout=5)
        gap = loop.longest_gap(started)
        self.assertLess(gap, 1.0, f"no Discover answered for {gap:.2f} s during the reloads")
        self.assertGreater(len(loop.replies), 0.9 * loop.sent, f"{len(loop.replies)} replies to {loop.sent} Discovers")
        after = wh.metrics(env)
        for name in MONOTONIC:
            self.assertGreaterEqual(fs.metric_sum(after, name), fs.metric_sum(before, name), f"{name} went back")
        self.assertEqual(fs.metric_sum(after, "pilot_beacon_phase", phase="serving"), 1)
        in_use = fs.metric_sum(before, "pilot_beacon_mbufs", state="in_use")
        fs.wait_until(lambda: fs.metric(env, "pilot_beacon_mbufs", state="in_use") <= in_use + 64, 5,
                      "mbufs in use back to their level before the reloads")


if __name__ == "__main__":
    unittest.main()
