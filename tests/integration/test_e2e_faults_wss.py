"""Fault test: WSS peers that stall, through the real pilot-beacond, with the
UDP path checked at the same time (fault_support.ServingCheck). What
test_e2e_wss_limits already covers is not repeated there (an idle peer with
empty buffers, a slow reader that still reads, connections that never
finish the HTTP header or the auth); this adds:

- a peer that never reads while relays pile up for it: its TCP window and
  the bridge's send queue fill, its pings go unanswered; the idle timeout
  must still end it, with the close handshake's 5 s bound, although no
  close frame can be written;
- a half-open peer: authenticated from another namespace over a veth
  pair, whose link is then deleted (no FIN, no RST ever arrives): ended by
  the idle timeout, its id leaves the WSS table (a relay to it counts as not
  found), descriptors return to the baseline.
"""

import socket
import time
import unittest

import beacon_harness as bh
import fault_support as fs
import pilot_wire as w
import wss_harness as wh

V4 = socket.AF_INET
IDLE_TIMEOUT_S = 2
CLOSE_TIMEOUT_S = 5      # the bridge's fixed close-handshake bound
END_WITHIN_S = IDLE_TIMEOUT_S + CLOSE_TIMEOUT_S + 5


class WssStallTests(wh.WssTestCase):
    wss_set = [f"control.wss.idle_timeout_s={IDLE_TIMEOUT_S}", "control.wss.send_queue_frames=64"]

    @classmethod
    def make_files(cls):
        # Every address, so that a client in another namespace reaches it.
        return [f"control.wss.bind=0.0.0.0:{cls.wss_port}"]

    def setUp(self) -> None:
        super().setUp()
        self.check = fs.ServingCheck(self.env)
        self.addCleanup(self.check.close)

    def disconnects(self, reason: str) -> float:
        return fs.metric(self.env, "pilot_beacon_wss_disconnects_total", reason=reason)

    def assert_gone(self, node_id: int, sender: bh.PilotClient, sender_id: int) -> None:
        """node_id is no longer a WSS peer: a relay to it counts as not found."""
        self.assertEqual(self.metric("pilot_beacon_wss_peers"), 0)
        not_found = fs.metric(self.env, "pilot_beacon_relay_not_found_total")
        sender.send(w.Relay(sender_id, node_id, b"anyone?"))
        fs.wait_until(lambda: fs.metric(self.env, "pilot_beacon_relay_not_found_total") == not_found + 1, 3,
                      f"a relay to the departed WSS peer {node_id} counted as not found")

    def test_peer_that_never_reads_is_ended_by_the_idle_timeout(self):
        pid = self.env.proc.pid
        fds_before = wh.open_fds(pid)
        stalled = self.wss(7011, rcvbuf=4096)
        udp, udp_id = self.discovered(V4)
        payload = bh.payload_of(1200, 7)
        for i in range(2000):
            udp.send(w.Relay(udp_id, 7011, payload))
            if i % 100 == 99:
                time.sleep(0.005)
        idle = self.disconnects("idle")
        started = time.monotonic()
        self.check.through(END_WITHIN_S, until=lambda: self.metric("pilot_beacon_wss_peers") == 0,
                           what="the peer that never reads ended")
        self.assertLess(time.monotonic() - started, END_WITHIN_S)
        self.assertEqual(self.disconnects("idle") + self.disconnects("write_failed"), idle + 1)
        self.assert_gone(7011, udp, udp_id)
        fs.wait_until(lambda: wh.open_fds(pid) <= fds_before + 1, 5, "descriptors back to the baseline")
        stalled.proc.kill()

    def test_half_open_peer_is_ended_by_the_idle_timeout(self):
        env = self.env
        pid = env.proc.pid
        fds_before = wh.open_fds(pid)
        # A second path into the namespace: root end 10.202.<n>.1, namespace end .2.
        outside, inside = f"pbw{env.n}x{pid % 10000}a", f"pbw{env.n}x{pid % 10000}b"
        bh.run(["ip", "link", "add", outside, "type", "veth", "peer", "name", inside, "netns", env.netns])
        self.addCleanup(bh.run, ["ip", "link", "delete", outside], check=False)
        bh.run(["ip", "addr", "add", f"10.202.{env.n}.1/30", "dev", outside])
        bh.run(["ip", "link", "set", outside, "up"])
        bh.run(["ip", "-n", env.netns, "addr", "add", f"10.202.{env.n}.2/30", "dev", inside])
        bh.run(["ip", "-n", env.netns, "link", "set", inside, "up"])
        remote = wh.WssClient(netns=env.netns)
        self.addCleanup(remote.close)
        up = remote.connect(self.wss_port, host=f"10.202.{env.n}.1")
        self.assertTrue(up["ok"], f"upgrade from the namespace failed: {up}")
        auth = remote.auth(7012)
        self.assertEqual(auth["result"], {"kind": "text", "text": wh.AUTH_OK}, f"auth of 7012: {auth}")
        udp, udp_id = self.discovered(V4)
        udp.send(w.Relay(udp_id, 7012, b"before"))
        self.assertEqual(remote.recv_binary(), wh.deliver(udp_id, b"before"))

        idle = self.disconnects("idle")
        bh.run(["ip", "link", "delete", outside])   # both ends go; no FIN or RST reaches the bridge
        self.check.through(END_WITHIN_S, until=lambda: self.metric("pilot_beacon_wss_peers") == 0,
                           what="the half-open peer ended")
        self.assertEqual(self.disconnects("idle") + self.disconnects("lost"), idle + 1)
        self.assert_gone(7012, udp, udp_id)
        remote.proc.kill()
        fs.wait_until(lambda: wh.open_fds(pid) <= fds_before + 1, 5, "descriptors back to the baseline")


if __name__ == "__main__":
    unittest.main()
