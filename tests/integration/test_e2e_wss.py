"""End-to-end tests of the WSS compat bridge (PROTOCOL.md section 5) through
the real pilot-beacond on net_af_packet (2 queues): Beast WebSocket clients
(tests/wss/wss_test_client) play compat-mode daemons on the bridge at
127.0.0.1:<port>, kernel UDP sockets in the namespace play ordinary daemons.

Covered: /health and the HTTP statuses, the upgrade (subprotocol, Origin),
authentication and every failure class (closed 1008 "auth failed", counted
by reason), relays UDP -> WSS, WSS -> UDP (both families, RelayDeliverDest),
WSS -> WSS, from an unregistered source (a peer beacon's forward), order,
unknown destinations, the tier-0 entry leaving with its connection, one
connection per node id, text frames, metrics.
"""

import socket
import unittest

import beacon_harness as bh
import pilot_wire as w
import wss_harness as wh

V4, V6 = socket.AF_INET, socket.AF_INET6


class WssBridgeTests(wh.WssTestCase):

    # ---- HTTP before the upgrade

    def test_health_and_http_statuses(self):
        port = self.wss_port
        self.assertEqual(wh.http_status(port, "GET", "/health"), 200)
        self.assertEqual(wh.http_status(port, "POST", "/health"), 405)
        self.assertEqual(wh.http_status(port, "GET", "/"), 404)
        self.assertEqual(wh.http_status(port, "GET", "/v1/compat"), 426)
        self.assertEqual(wh.http_status(port, "GET", "/v1/compat", {
            "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "short"}), 400)
        self.assertGreaterEqual(self.metric('pilot_beacon_wss_upgrade_failures_total{reason="not_upgrade"}'), 1)

    def test_upgrade_subprotocol_and_origin(self):
        c = wh.WssClient()
        self.addCleanup(c.close)
        up = c.connect(self.wss_port)
        self.assertEqual((up["ok"], up["status"], up["subprotocol"]), (True, 101, "pilot.v1"))
        c2 = wh.WssClient()
        self.addCleanup(c2.close)
        self.assertTrue(c2.connect(self.wss_port, origin="pilot://daemon")["ok"])
        c3 = wh.WssClient()
        self.addCleanup(c3.close)
        refused = c3.connect(self.wss_port, origin="https://evil.example")
        self.assertEqual((refused["ok"], refused["status"]), (False, 403))

    # ---- authentication

    def test_auth_ok_puts_the_peer_in_tier_0(self):
        before = self.metric("pilot_beacon_wss_auth_ok_total")
        c = self.wss()
        auth = c.auth(7001)
        self.assertEqual(auth["result"]["text"], wh.AUTH_OK)
        self.assertRegex(auth["challenge"], r'^\{"type":"auth_challenge","nonce":"[0-9a-f]{64}","ts":\d+\}$')
        self.assertEqual(self.metric("pilot_beacon_wss_auth_ok_total"), before + 1)
        self.assertGreaterEqual(self.metric("pilot_beacon_wss_peers"), 1)

    def test_every_auth_failure_class(self):
        cases = [("bad_signature", "bad_signature"), ("wrong_nonce", "bad_signature"),
                 ("bad_base64", "bad_base64"), ("zero_node_id", "zero_node_id"), ("wrong_type", "wrong_type"),
                 ("bad_json", "bad_json"), ("binary", "not_text")]
        for mode, reason in cases:
            with self.subTest(mode=mode):
                name = f'pilot_beacon_wss_auth_failures_total{{reason="{reason}"}}'
                before = self.metric(name)
                c = self.wss()
                result = c.auth(7002, mode)["result"]
                self.assertEqual((result["kind"], result["code"], result["reason"]), ("closed", 1008, "auth failed"))
                wh.wait_for_metric(self.env, name, lambda v: v == before + 1)
        c = self.wss()
        result = c.auth(99999)["result"]  # no key anywhere
        self.assertEqual((result["kind"], result["code"]), ("closed", 1008))
        self.assertGreaterEqual(self.metric('pilot_beacon_wss_auth_failures_total{reason="unknown_node"}'), 1)

    # ---- relays

    def test_udp_daemon_to_wss_daemon(self):
        peer = self.wss(7003)
        for family in (V4, V6):
            for size in (0, 1, 100, 1400):
                with self.subTest(family=bh.FAMILY_NAME[family], size=size):
                    udp, udp_id = self.discovered(family)
                    payload = bh.payload_of(size, size + family)
                    udp.send(w.Relay(udp_id, 7003, payload))
                    self.assertEqual(peer.recv_binary(), wh.deliver(udp_id, payload))

    def test_wss_daemon_to_udp_daemon(self):
        peer = self.wss(7004)
        for family in (V4, V6):
            for ex in (False, True):
                with self.subTest(family=bh.FAMILY_NAME[family], discover_ex=ex):
                    udp, udp_id = self.discovered(family, ex=ex)
                    for size in (0, 700, 1400):
                        payload = bh.payload_of(size, size)
                        peer.send_message(w.Relay(7004, udp_id, payload))
                        want = (w.RelayDeliverDest(7004, udp_id, payload) if ex
                                else w.RelayDeliver(7004, payload)).encode()
                        self.assert_datagram(udp, want, f"WSS -> UDP, {size} bytes")

    def test_wss_to_wss(self):
        a, b = self.wss(7005), self.wss(7006)
        a.send_message(w.Relay(7005, 7006, b"hello"))
        self.assertEqual(b.recv_binary(), wh.deliver(7005, b"hello"))
        b.send_message(w.Relay(7006, 7005, b""))
        self.assertEqual(a.recv_binary(), wh.deliver(7006, b""))
        a.send_message(w.Relay(7005, 7005, b"self"))
        self.assertEqual(a.recv_binary(), wh.deliver(7005, b"self"))

    def test_relay_from_an_unregistered_source_reaches_a_wss_peer(self):
        # A peer beacon's tier-2 forward is a Relay from an address that never discovered.
        peer = self.wss(7007)
        forwarder = self.client(V4, host=1)
        forwarder.send(w.Relay(123456, 7007, b"via a peer beacon"))
        self.assertEqual(peer.recv_binary(), wh.deliver(123456, b"via a peer beacon"))

    def test_order_is_kept_both_ways(self):
        peer = self.wss(7008)
        udp, udp_id = self.discovered(V4)
        for i in range(200):
            udp.send(w.Relay(udp_id, 7008, i.to_bytes(4, "big")))
        got = [peer.recv_binary() for _ in range(200)]
        self.assertEqual(got, [wh.deliver(udp_id, i.to_bytes(4, "big")) for i in range(200)])
        for i in range(200):
            peer.send_message(w.Relay(7008, udp_id, i.to_bytes(4, "big")))
        got = [udp.recv(2.0)[0] for _ in range(200)]
        self.assertEqual(got, [wh.deliver(7008, i.to_bytes(4, "big")) for i in range(200)])

    def test_unknown_destination_and_ignored_messages(self):
        peer = self.wss(7009)
        name = 'pilot_beacon_wss_relay_in_total{outcome="not_found"}'
        before = self.metric(name)
        peer.send_message(w.Relay(7009, 424242, b"x"))
        wh.wait_for_metric(self.env, name, lambda v: v == before + 1)
        ignored = 'pilot_beacon_wss_inbound_ignored_total{kind="discover"}'
        before = self.metric(ignored)
        peer.send_message(w.Discover(7009))
        wh.wait_for_metric(self.env, ignored, lambda v: v == before + 1)
        peer.send_text("ignored")
        peer.expect_nothing(0.3)
        udp, udp_id = self.discovered(V4)
        peer.send_message(w.Relay(7009, udp_id, b"still served"))
        self.assert_datagram(udp, wh.deliver(7009, b"still served"), "after ignored frames")

    def test_tier_0_entry_leaves_with_the_connection(self):
        peer = self.wss(7010)
        udp, udp_id = self.discovered(V4)
        udp.send(w.Relay(udp_id, 7010, b"1"))
        self.assertEqual(peer.recv_binary(), wh.deliver(udp_id, b"1"))
        peer.close()
        # Workers stop punting for 7010: its relays become not_found on the worker.
        def relay_not_found() -> float:
            return sum(v for k, v in wh.metrics(self.env).items() if k.startswith("pilot_beacon_relay_not_found_total"))
        deadline = bh.time.monotonic() + 5
        before = relay_not_found()
        while relay_not_found() == before:
            self.assertLess(bh.time.monotonic(), deadline, "relays to a closed WSS peer are still routed")
            udp.send(w.Relay(udp_id, 7010, b"2"))
            bh.time.sleep(0.1)
        udp.expect_nothing(0.3)

    def test_new_connection_replaces_the_old(self):
        first = self.wss(7011)
        second = self.wss(7011)
        closed = first.recv(3.0)
        self.assertEqual((closed["kind"], closed["code"], closed["reason"]), ("closed", 1000, "replaced"))
        udp, udp_id = self.discovered(V6)
        udp.send(w.Relay(udp_id, 7011, b"to the newer"))
        self.assertEqual(second.recv_binary(), wh.deliver(udp_id, b"to the newer"))
        self.assertGreaterEqual(self.metric('pilot_beacon_wss_disconnects_total{reason="replaced"}'), 1)

    def test_frame_counters(self):
        a, b = self.wss(7012), self.wss(7013)
        before_in = self.metric("pilot_beacon_wss_frames_in_total")
        before_out = self.metric("pilot_beacon_wss_frames_out_total")
        a.send_message(w.Relay(7012, 7013, b"count me"), count=5)
        for _ in range(5):
            b.recv_binary()
        self.assertEqual(self.metric("pilot_beacon_wss_frames_in_total"), before_in + 5)
        self.assertEqual(self.metric("pilot_beacon_wss_frames_out_total"), before_out + 5)


if __name__ == "__main__":
    unittest.main()
