"""End-to-end tests of the WSS bridge's limits through the real pilot-beacond
(net_af_packet, 2 queues), each class with its own beacon and overrides:
max_peers (503 before upgrading), the idle timeout (a silent peer is
disconnected, one answering pings is not), a slow reader (bounded send
queue, counted drops, bounded memory), the relay budget keyed by the
authenticated node id, and floods of unauthenticated connections (bounded,
back to the baseline afterwards).
"""

import resource
import socket
import time
import unittest

import beacon_harness as bh
import pilot_wire as w
import wss_harness as wh

V4 = socket.AF_INET


class WssMaxPeersTests(wh.WssTestCase):
    wss_set = ["control.wss.max_peers=2"]

    def test_503_before_upgrading_when_full(self):
        a = self.wss(7001)
        self.wss(7002)
        refused = wh.WssClient()
        self.addCleanup(refused.close)
        up = refused.connect(self.wss_port)
        self.assertEqual((up["ok"], up["status"]), (False, 503))
        self.assertEqual(self.metric('pilot_beacon_wss_upgrade_failures_total{reason="capacity"}'), 1)
        self.assertEqual(wh.http_status(self.wss_port, "GET", "/health"), 200)
        a.close()
        wh.wait_for_metric(self.env, "pilot_beacon_wss_peers", lambda v: v == 1)
        self.wss(7003)


class WssIdleTests(wh.WssTestCase):
    wss_set = ["control.wss.idle_timeout_s=2"]

    def test_silent_peer_is_disconnected_and_answering_one_stays(self):
        silent = self.wss(7001)
        answering = self.wss(7002)
        # While answering waits in recv, its client answers the bridge's pings;
        # silent reads nothing, so its pings go unanswered.
        self.assertEqual(answering.recv(4.5)["kind"], "timeout")
        wh.wait_for_metric(self.env, 'pilot_beacon_wss_disconnects_total{reason="idle"}', lambda v: v == 1)
        self.assertEqual(silent.recv(2.0)["kind"], "closed")
        udp, udp_id = self.discovered(V4)
        udp.send(w.Relay(udp_id, 7002, b"alive"))
        self.assertEqual(answering.recv_binary(), wh.deliver(udp_id, b"alive"))
        udp.send(w.Relay(udp_id, 7001, b"gone"))
        udp.expect_nothing(0.5)


class WssSlowReaderTests(wh.WssTestCase):
    wss_set = ["control.wss.send_queue_frames=8"]

    def test_queue_is_bounded_and_drops_are_counted(self):
        slow = self.wss(7001, rcvbuf=4096)
        udp, udp_id = self.discovered(V4)
        pid = self.env.proc.pid
        rss_before = wh.rss_kib(pid)
        payload = bh.payload_of(1200, 1)
        sent = 3000
        for i in range(sent):
            udp.send(w.Relay(udp_id, 7001, payload))
            if i % 100 == 99:
                time.sleep(0.005)  # let the kernel and the workers keep up with the sender
        drops = wh.wait_for_metric(self.env, "pilot_beacon_wss_send_queue_drops_total", lambda v: v > 0)
        time.sleep(0.5)
        drops = self.metric("pilot_beacon_wss_send_queue_drops_total")
        grown_kib = wh.rss_kib(pid) - rss_before
        self.assertLess(grown_kib, 32 * 1024, f"the beacon grew by {grown_kib} KiB behind one slow reader")
        self.assertEqual(self.metric('pilot_beacon_wss_disconnects_total{reason="write_failed"}'), 0)
        received = 0
        while slow.recv(1.0)["kind"] == "binary":
            received += 1
        self.assertGreaterEqual(received, 8)
        self.assertLessEqual(received + drops, sent)
        # Still connected and served.
        udp.send(w.Relay(udp_id, 7001, b"after"))
        self.assertEqual(slow.recv_binary(), wh.deliver(udp_id, b"after"))


class WssBudgetTests(wh.WssTestCase):
    wss_set = ["beacon.limits.relay_per_source_per_s=20"]

    def test_relay_budget_is_per_authenticated_node_id(self):
        a, b = self.wss(7001), self.wss(7002)
        a.send_message(w.Relay(7001, 7002, b"x"), count=30)
        got = 0
        while b.recv(1.0)["kind"] == "binary":
            got += 1
        self.assertEqual(got, 20)
        self.assertEqual(self.metric('pilot_beacon_wss_relay_in_total{outcome="over_budget"}'), 10)
        # Another node's budget is its own, whatever sender id its relays claim.
        c = self.wss(7003)
        c.send_message(w.Relay(7001, 7002, b"y"), count=5)
        for _ in range(5):
            self.assertEqual(b.recv_binary(), wh.deliver(7001, b"y"))


class WssFloodTests(wh.WssTestCase):
    wss_set = ["control.wss.auth_timeout_s=2"]

    @classmethod
    def setUpClass(cls):
        # Enough descriptors for this process's 1,300 sockets and for the
        # beacon (it inherits the limit) to hold 1,024 pending connections.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < 8192:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(8192, hard), hard))
        super().setUpClass()

    def open_sockets(self, count: int, first_bytes: bytes = b"") -> list:
        sockets = []
        for _ in range(count):
            s = socket.create_connection(("127.0.0.1", self.wss_port), timeout=5)
            if first_bytes:
                s.sendall(first_bytes)
            sockets.append(s)
        self.addCleanup(lambda: [s.close() for s in sockets])
        return sockets

    def test_unauthenticated_flood_is_bounded_and_recovers(self):
        pid = self.env.proc.pid
        fds_before = wh.open_fds(pid)
        self.open_sockets(600)
        self.open_sockets(500, b"GET /v1/compat HTTP/1.1\r\nHost: flood\r\n")  # never finished
        def accounted() -> float:
            m = wh.metrics(self.env)
            return (m.get('pilot_beacon_wss_pending_connections{phase="http"}', 0) +
                    m.get("pilot_beacon_wss_connections_refused_total", 0))
        wh.wait_for_metric(self.env, "pilot_beacon_wss_connections_refused_total", lambda v: v >= 76)
        deadline = time.monotonic() + 10
        while accounted() < 1100 and time.monotonic() < deadline:
            time.sleep(0.1)
        pending = self.metric('pilot_beacon_wss_pending_connections{phase="http"}')
        self.assertEqual(pending, 1024, "at most Settings::max_pending connections wait for their header")
        self.assertEqual(self.metric("pilot_beacon_wss_connections_refused_total"), 1100 - 1024)
        # The 5 s header timeout ends them all; descriptors return to the baseline.
        wh.wait_for_metric(self.env, 'pilot_beacon_wss_pending_connections{phase="http"}', lambda v: v == 0,
                           timeout=15)
        self.assertEqual(self.metric('pilot_beacon_wss_upgrade_failures_total{reason="header_timeout"}'), pending)
        self.assertLessEqual(wh.open_fds(pid), fds_before + 2)
        self.wss(7001)  # still serving

    def test_upgraded_but_silent_connections_time_out(self):
        before = self.metric('pilot_beacon_wss_auth_failures_total{reason="timeout"}')
        request = (b"GET /v1/compat HTTP/1.1\r\nHost: flood\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                   b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        sockets = self.open_sockets(200, request)
        for s in sockets:
            self.assertTrue(s.recv(4096).startswith(b"HTTP/1.1 101"), "upgrade refused")
        self.assertEqual(self.metric('pilot_beacon_wss_pending_connections{phase="auth"}'), 200)
        # auth_timeout_s (2 s) then the close handshake's 5 s bound: the silent clients never answer it.
        wh.wait_for_metric(self.env, 'pilot_beacon_wss_pending_connections{phase="auth"}', lambda v: v == 0,
                           timeout=15)
        self.assertEqual(self.metric('pilot_beacon_wss_auth_failures_total{reason="timeout"}'), before + 200)


if __name__ == "__main__":
    unittest.main()
