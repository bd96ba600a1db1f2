"""End-to-end gossip between two of our beacons (docs/gossip.md): beacon A
and beacon B each run on their own veth/namespace (beacon_harness), and the
two namespaces are joined by a routed link, so each beacon reaches the
other through its gateway (the client end of its veth): the gossip and the
tier-2 forwards leave through a neighbour resolved with ARP.

    beacon A 10.201.a.1 -- nsA 10.201.a.2 (gw) == 10.250.a.1 link 10.250.a.2 == nsB 10.201.b.2 (gw) -- beacon B 10.201.b.1

Covered: a node registered at A is reachable through B (B forwards the
relay unchanged to A, A delivers it); the two beacons find out that both
take multi-part Syncs, and a set of 3,000 ids crosses as parts that each
fit one frame; once A stops, B withdraws A's routes after the route TTL
(no more relays toward A's address).
"""

import socket
import struct
import time
import unittest

import beacon_harness as bh
import gossip_support as gs
import pilot_wire as w

V4 = socket.AF_INET
ETH_P_ALL = 0x0003


class StoppableEnv(bh.BeaconEnv):
    """A BeaconEnv whose beacon can be stopped before the environment closes."""

    _stop_problems = None

    def stop_beacon(self):
        if self._stop_problems is None:
            self._stop_problems = super().stop_beacon()
        return self._stop_problems


def link_namespaces(a: bh.BeaconEnv, b: bh.BeaconEnv) -> str:
    """A routed veth link between the two client namespaces; returns the
    name of its end in a's namespace."""
    end_a, end_b = f"pbg{a.n}x{b.n}a"[:15], f"pbg{a.n}x{b.n}b"[:15]
    net = f"10.250.{a.n}"
    bh.run(["ip", "-n", a.netns, "link", "add", end_a, "type", "veth", "peer", "name", end_b, "netns", b.netns])
    for env, end, ip, other in ((a, end_a, f"{net}.1", b), (b, end_b, f"{net}.2", a)):
        bh.run(["ip", "-n", env.netns, "addr", "add", f"{ip}/30", "dev", end])
        bh.run(["ip", "-n", env.netns, "link", "set", end, "up"])
        env.ns_run(["sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv4.conf.all.rp_filter=0"], check=True)
        via = f"{net}.2" if env is a else f"{net}.1"
        bh.run(["ip", "-n", env.netns, "route", "add", str(other.subnet4), "via", via])
    return end_a


def relays_towards(sock: socket.socket, beacon_ip: str, seconds: float) -> int:
    """Relay (0x05) frames to beacon_ip:9001 seen on a packet socket."""
    count = 0
    deadline = time.monotonic() + seconds
    target = socket.inet_aton(beacon_ip)
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            frame = sock.recv(65535)
        except socket.timeout:
            break
        if len(frame) < 43 or frame[12:14] != b"\x08\x00" or frame[23] != 17 or frame[30:34] != target:
            continue
        ihl = (frame[14] & 0x0F) * 4
        (dport,) = struct.unpack_from("!H", frame, 14 + ihl + 2)
        count += dport == bh.BEACON_PORT and frame[14 + ihl + 8] == w.RELAY
    return count


def log_shows(env: bh.BeaconEnv, text: str, seconds: float) -> bool:
    """Whether `text` appears in the beacon's log within `seconds`."""
    deadline = time.monotonic() + seconds
    while text not in env.log_text():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def relay_until_delivered(sender: bh.PilotClient, receiver: bh.PilotClient, relay: bytes,
                          attempts: int) -> bytes:
    """Sends `relay` once a second (gossip needs a few periods to spread)
    until `receiver` gets a datagram; returns it, or b"" if none came."""
    for _ in range(attempts):
        sender.send(relay)
        try:
            return receiver.recv(1.0)[0]
        except AssertionError:
            continue
    return b""


class TwoBeaconTests(unittest.TestCase):
    def test_node_at_a_is_reachable_through_b_until_a_goes_silent(self):
        a = StoppableEnv(clients=1)
        b = StoppableEnv(clients=1)
        a.extra_set += gs.gossip_settings(1, [f"{b.beacon_ipv4}:{bh.BEACON_PORT}"]) + \
            [f"port.ipv4.gateway={a.client_ipv4[0]}"]
        b.extra_set += gs.gossip_settings(2, [f"{a.beacon_ipv4}:{bh.BEACON_PORT}"]) + \
            [f"port.ipv4.gateway={b.client_ipv4[0]}"]
        with a, b:
            link_a = link_namespaces(a, b)
            at_a = bh.PilotClient(a, V4)
            at_b = bh.PilotClient(b, V4)
            x, s = bh.random_node_id(), bh.random_node_id()
            at_a.discover(x)
            at_b.discover(s)
            payload = bh.payload_of(300, x)
            relay = w.Relay(s, x, payload).encode()
            self.assertEqual(relay_until_delivered(at_b, at_a, relay, 10), w.RelayDeliver(s, payload).encode(),
                             "a relay to a node of A, sent to B, must be forwarded to A and delivered")
            for env, other in ((a, b), (b, a)):
                heard = f"peer beacon heard peer={other.beacon_ipv4}:{bh.BEACON_PORT} beacon_id="
                self.assertTrue(log_shows(env, heard, 5.0), f"{heard!r} not in the log of {env.beacon_ipv4}")
                self.assertIn("multipart=true", env.log_text())

            # 3,000 more ids at A: one Go-style Sync would be 12 KB, which
            # af_packet cannot hand to B; only the multi-part set (nine
            # parts of at most 361 ids, one frame each) gets them across.
            many = [bh.random_node_id() for _ in range(3000)]
            for node_id in many:
                at_a.send(w.Discover(node_id))
            at_a.drain(max_datagrams=10000)
            far = many[-1]
            relay_far = w.Relay(s, far, payload).encode()
            self.assertEqual(relay_until_delivered(at_b, at_a, relay_far, 6), w.RelayDeliver(s, payload).encode(),
                             "ids of a multi-part set must become reachable through B")

            capture = a.ns_socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
            capture.bind((link_a, 0))
            at_b.send(relay)
            self.assertGreaterEqual(relays_towards(capture, a.beacon_ipv4, 1.0), 1, "B forwards towards A")

            self.assertEqual(a.stop_beacon(), [], "beacon A did not stop cleanly")
            withdrawn = f"routes withdrawn peer={a.beacon_ipv4}:{bh.BEACON_PORT} routes=3001"
            self.assertTrue(log_shows(b, withdrawn, gs.ROUTE_TTL_S + 3.0), f"B never logged {withdrawn!r}")
            at_b.send(relay)
            self.assertEqual(relays_towards(capture, a.beacon_ipv4, 1.0), 0,
                             "B still forwards to A after the route TTL")


if __name__ == "__main__":
    unittest.main()
