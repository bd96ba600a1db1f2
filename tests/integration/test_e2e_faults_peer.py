"""Fault test: a peer beacon vanishes, then blackholes, under the real
pilot-beacond (docs/gossip.md; 1 s gossip period, 3 s route TTL, strict
gossip). The peer is peer_process.PeerProcess, a Go-shaped beacon in a
process of its own announcing two ids; test_e2e_gossip_mesh covers a real
second beacon that stops.

- Killed with SIGKILL: its routes are withdrawn after the TTL (counted
  with reason ttl, the peer table empties, /metrics says no peer heard); a
  relay to its ids is then counted as not found and not forwarded; the
  beacon keeps one Sync per period towards the dead address and a bounded
  number of ARP requests (no retry storm); started again, it is heard and
  relays to its ids reach it.
- Stopped with SIGSTOP (its socket swallows everything, nothing comes
  back): the same withdrawal; SIGCONT and it is back.

Local daemons are served throughout (fault_support.ServingCheck).
"""

import signal
import socket
import struct
import time
import unittest

import beacon_harness as bh
import fault_support as fs
import gossip_support as gs
import peer_process as pp
import pilot_wire as w
import wss_harness as wh

V4 = socket.AF_INET
BEACON_ID = 5151
PEER_BEACON_ID = 5252
PEER_HOST = 1
ETH_P_ALL = 0x0003
WITHDRAW_WAIT_S = gs.ROUTE_TTL_S + 4.0


def frames_towards(capture: socket.socket, peer_ip: str, seconds: float) -> tuple:
    """(UDP datagrams to peer_ip:9001, ARP requests for peer_ip) seen on a
    packet socket during `seconds`."""
    target = socket.inet_aton(peer_ip)
    udp = arp = 0
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        capture.settimeout(left)
        try:
            frame = capture.recv(65535)
        except socket.timeout:
            break
        kind = frame[12:14]
        if kind == b"\x08\x06" and len(frame) >= 42 and frame[20:22] == b"\x00\x01" and frame[38:42] == target:
            arp += 1
        elif kind == b"\x08\x00" and len(frame) >= 42 and frame[23] == 17 and frame[30:34] == target:
            ihl = (frame[14] & 0x0F) * 4
            (dport,) = struct.unpack_from("!H", frame, 14 + ihl + 2)
            udp += dport == bh.BEACON_PORT
    return udp, arp


class PeerVanishesTests(bh.BeaconTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        env = bh.BeaconEnv(clients=2)
        env.extra_set += gs.gossip_settings(BEACON_ID, [f"{env.client_ipv4[PEER_HOST]}:{bh.BEACON_PORT}"],
                                            strict=True)
        env.__enter__()
        cls.env = env
        cls.addClassCleanup(env.close, True)

    def setUp(self) -> None:
        super().setUp()
        self.check = fs.ServingCheck(self.env)
        self.addCleanup(self.check.close)
        self.sender, self.sender_id = self.discovered(V4)
        self.targets = [bh.random_node_id(), bh.random_node_id()]

    def start_peer(self) -> pp.PeerProcess:
        peer = pp.PeerProcess(self.env, PEER_HOST, PEER_BEACON_ID, self.targets)
        self.addCleanup(peer.kill)
        return peer

    def relay_reaches(self, peer: pp.PeerProcess) -> bool:
        relay = w.Relay(self.sender_id, self.targets[0], b"to the peer").encode()
        peer.drain()
        self.sender.send(relay)
        got = peer.next_datagram(1.0)
        if got is not None:
            self.assertEqual(got, relay, "a tier-2 relay is forwarded unchanged")
        return got is not None

    def withdrawn(self) -> float:
        return fs.metric(self.env, "pilot_beacon_gossip_routes_withdrawn_total", reason="ttl")

    def assert_peer_gone(self, withdrawn_before: float) -> None:
        """Within the TTL (and some slack) the peer's two routes are
        withdrawn, and a relay to its id is counted as not found."""
        env = self.env
        self.check.through(WITHDRAW_WAIT_S, until=lambda: self.withdrawn() >= withdrawn_before + 2,
                           what="the vanished peer's routes withdrawn after the TTL")
        samples = wh.metrics(env)
        self.assertEqual(fs.metric_sum(samples, "pilot_beacon_nodes", table="peer"), 0)
        self.assertEqual(fs.metric_sum(samples, "pilot_beacon_gossip_peers_heard"), 0)
        self.assertEqual(fs.metric_sum(samples, "pilot_beacon_gossip_peers"), 1, "the configured peer stays")
        not_found = fs.metric_sum(samples, "pilot_beacon_relay_not_found_total")
        forwarded = fs.metric_sum(samples, "pilot_beacon_relay_forwarded_total", tier="peer")
        self.sender.send(w.Relay(self.sender_id, self.targets[0], b"to nowhere"))
        fs.wait_until(lambda: fs.metric(env, "pilot_beacon_relay_not_found_total") == not_found + 1, 3,
                      "the relay to a withdrawn id counted as not found")
        self.assertEqual(fs.metric(env, "pilot_beacon_relay_forwarded_total", tier="peer"), forwarded)

    def assert_peer_back(self, peer: pp.PeerProcess) -> None:
        self.check.through(8, until=lambda: self.relay_reaches(peer), what="relays reach the returned peer")
        self.assertEqual(fs.metric(self.env, "pilot_beacon_gossip_peers_heard"), 1)

    def test_sigkilled_peer_expires_and_recovers(self):
        env = self.env
        peer = self.start_peer()
        self.check.through(8, until=lambda: self.relay_reaches(peer), what="relays reach the peer")
        heard = env.log_text().count("peer beacon heard")
        withdrawn = self.withdrawn()
        peer.kill()
        self.assert_peer_gone(withdrawn)

        # No retry storm towards the dead peer: one Sync per period, ARP bounded.
        capture = env.ns_socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        capture.bind((env.veth_client, 0))
        udp, arp = frames_towards(capture, env.client_ipv4[PEER_HOST], 4.0)
        self.assertLessEqual(udp, 4 + 2, f"{udp} datagrams in 4 s towards a dead peer (1 s gossip period)")
        self.assertGreaterEqual(udp, 2, "the configured peer is still sent its Sync every period")
        self.assertLessEqual(arp, 4, f"{arp} ARP requests in 4 s for the dead peer")

        self.assert_peer_back(self.start_peer())
        self.assertEqual(env.log_text().count("peer beacon heard"), heard + 1)

    def test_blackholing_peer_expires_and_recovers(self):
        peer = self.start_peer()
        self.check.through(8, until=lambda: self.relay_reaches(peer), what="relays reach the peer")
        withdrawn = self.withdrawn()
        peer.signal(signal.SIGSTOP)
        try:
            self.assert_peer_gone(withdrawn)
        finally:
            peer.signal(signal.SIGCONT)
        self.assert_peer_back(peer)


if __name__ == "__main__":
    unittest.main()
