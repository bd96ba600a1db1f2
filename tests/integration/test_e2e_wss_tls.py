"""End-to-end tests of the WSS bridge with TLS in-process (a certificate made
for the test with Debian's openssl), of the 30 s challenge age limit, and of
relays larger than one frame through the bridge (net_af_xdp, which hands
the beacon raw IP fragments: UDP -> WSS after reassembly, WSS -> UDP
fragmented on the way out), each class with its own beacon.
"""

import os
import socket
import ssl
import unittest

import beacon_harness as bh
import pilot_wire as w
import wss_harness as wh

V4, V6 = socket.AF_INET, socket.AF_INET6


class WssTlsTests(wh.WssTestCase):
    cert: str

    @classmethod
    def make_files(cls):
        cls.cert = os.path.join(cls.tmpdir, "cert.pem")
        key = os.path.join(cls.tmpdir, "key.pem")
        bh.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key, "-out", cls.cert])
        return [f"control.wss.tls_cert={cls.cert}", f"control.wss.tls_key={key}"]

    def test_relays_over_tls(self):
        peer = self.wss(7001, tls_ca=self.cert)
        udp, udp_id = self.discovered(V4)
        udp.send(w.Relay(udp_id, 7001, b"into TLS"))
        self.assertEqual(peer.recv_binary(), wh.deliver(udp_id, b"into TLS"))
        peer.send_message(w.Relay(7001, udp_id, b"out of TLS"))
        self.assert_datagram(udp, wh.deliver(7001, b"out of TLS"), "WSS (TLS) -> UDP")

    def test_plain_websocket_and_health_on_the_tls_listener(self):
        plain = wh.WssClient()
        self.addCleanup(plain.close)
        self.assertFalse(plain.connect(self.wss_port)["ok"])
        context = ssl.create_default_context(cafile=self.cert)
        import http.client
        conn = http.client.HTTPSConnection("127.0.0.1", self.wss_port, timeout=10, context=context)
        try:
            conn.request("GET", "/health")
            self.assertEqual(conn.getresponse().status, 200)
        finally:
            conn.close()
        self.assertGreaterEqual(self.metric('pilot_beacon_wss_upgrade_failures_total{reason="tls"}'), 1)


class WssStaleChallengeTests(wh.WssTestCase):
    wss_set = ["control.wss.auth_timeout_s=40"]

    def test_reply_to_a_challenge_older_than_30_s_is_refused(self):
        c = self.wss()
        result = c.auth(7001, delay_ms=31000)["result"]
        self.assertEqual((result["kind"], result["code"], result["reason"]), ("closed", 1008, "auth failed"))
        self.assertEqual(self.metric('pilot_beacon_wss_auth_failures_total{reason="stale_challenge"}'), 1)


class WssLargeRelayTests(wh.WssTestCase):
    port_kind = "af_xdp"

    def test_large_relays_both_ways(self):
        peer = self.wss(7001)
        for family in (V4, V6):
            udp, udp_id = self.discovered(family)
            for size in (4096, 16384, 60000):
                with self.subTest(family=bh.FAMILY_NAME[family], size=size):
                    payload = bh.payload_of(size, size + family)
                    udp.send(w.Relay(udp_id, 7001, payload))
                    got = peer.recv_binary(3.0)
                    self.assertEqual(got, wh.deliver(udp_id, payload), bh.describe_difference(got, wh.deliver(udp_id, payload)))
                    peer.send_message(w.Relay(7001, udp_id, payload))
                    self.assert_datagram(udp, wh.deliver(7001, payload), f"WSS -> UDP {size} bytes", timeout=3.0)


if __name__ == "__main__":
    unittest.main()
