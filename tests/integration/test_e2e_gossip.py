"""End-to-end gossip with a Go-shaped peer beacon (PROTOCOL.md section 3,
docs/gossip.md): a kernel UDP socket in the namespace, configured as the
beacon's only peer, with strict gossip on and a 1 s period / 3 s route TTL.

Covered: exactly one Sync per period from the beacon's address and port,
with our beacon id, the ids of the clients that discovered, and our
trailer after the ids (which a Go beacon ignores); a Sync from the peer
makes its ids reachable (a relay to them is forwarded unchanged, 0x05, to
the peer); a second Sync replaces the set; silence past the route TTL
withdraws it; a relay that came from the peer is not forwarded again; a
Sync from an address that is not a peer is ignored (strict gossip); a set
larger than one frame still reaches the Go peer as ONE Sync, IP-fragmented,
plus a Hello that Go's rules ignore.
"""

import socket
import time
import unittest

import beacon_harness as bh
import gossip_support as gs
import pilot_wire as w

V4 = socket.AF_INET
BEACON_ID = 4242
PEER_BEACON_ID = 77
PEER_HOST = 1       # client address index of the peer socket
STRANGER_HOST = 2   # a client address that is not a peer


class GoPeerGossipTests(bh.BeaconTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        env = bh.BeaconEnv(port_kind="af_packet", queues=2, clients=3)
        env.extra_set += gs.gossip_settings(BEACON_ID, [f"{env.client_ipv4[PEER_HOST]}:{bh.BEACON_PORT}"], strict=True)
        env.__enter__()
        cls.env = env
        cls.addClassCleanup(env.close, True)
        sock = env.udp_socket(V4, host=PEER_HOST, port=bh.BEACON_PORT)
        cls.peer = gs.PeerSocket(sock, env.beacon_endpoint(V4))

    def setUp(self) -> None:
        super().setUp()
        self.peer.drain()

    def relay_reaches_peer(self, dest_id: int) -> bool:
        """A client relays to `dest_id`: True when the peer socket receives
        the very same Relay bytes from the beacon's port."""
        client, sender_id = self.discovered(V4)
        relay = w.Relay(sender_id, dest_id, bh.payload_of(200, dest_id)).encode()
        client.send(relay)
        got = self.peer.next_non_sync(1.0)
        if got is None:
            return False
        data, source = got
        self.assertEqual((bh.normalise(source[0]), source[1]), self.env.beacon_endpoint(V4))
        self.assertEqual(data, relay, "a tier-2 relay must be forwarded unchanged")
        return True

    def test_one_sync_per_period_with_discovered_ids(self):
        _, first = self.discovered(V4)
        _, second = self.discovered(socket.AF_INET6)
        seen = self.peer.gossip_for(4.5)
        syncs = [(t, g) for t, g in seen if g.sync is not None]
        self.assertGreaterEqual(len(syncs), 3, f"expected a Sync every {gs.GOSSIP_INTERVAL_S} s, got {len(syncs)}")
        self.assertLessEqual(len(syncs), 6)
        gaps = [b[0] - a[0] for a, b in zip(syncs, syncs[1:])]
        self.assertTrue(all(gap > 0.3 for gap in gaps), f"more than one Sync per period: gaps {gaps}")
        last = syncs[-1][1]
        fits_one_frame = len(last.data) + 28 <= 1500
        self.assertEqual(not [g for _, g in seen if g.is_hello], fits_one_frame,
                         "a Hello comes exactly when the Sync needs IP fragments")
        self.assertEqual(last.sync.beacon_id, BEACON_ID)
        self.assertIn(first, last.sync.ids)
        self.assertIn(second, last.sync.ids)
        self.assertIsNotNone(last.trailer, "our beacons append the extension trailer")
        self.assertTrue(last.trailer.flags & gs.FLAG_MULTIPART)
        self.assertEqual((last.trailer.part, last.trailer.parts), (0, 1))
        self.assertEqual(len(last.data), 7 + 4 * len(last.sync.ids) + gs.TRAILER_SIZE)

    def test_synced_id_is_relayed_to_the_peer(self):
        target = bh.random_node_id()
        self.peer.send_sync(PEER_BEACON_ID, [bh.random_node_id(), target])
        time.sleep(0.3)
        self.assertTrue(self.relay_reaches_peer(target), "relay to an id the peer announced was not forwarded")

    def test_second_sync_replaces_the_set(self):
        old, new = bh.random_node_id(), bh.random_node_id()
        self.peer.send_sync(PEER_BEACON_ID, [old])
        time.sleep(0.3)
        self.assertTrue(self.relay_reaches_peer(old))
        self.peer.send_sync(PEER_BEACON_ID, [new])
        time.sleep(0.3)
        self.assertFalse(self.relay_reaches_peer(old), "an id left out of the newer Sync must be withdrawn")
        self.assertTrue(self.relay_reaches_peer(new))

    def test_silence_past_the_ttl_withdraws_routes(self):
        target = bh.random_node_id()
        self.peer.send_sync(PEER_BEACON_ID, [target])
        time.sleep(0.3)
        self.assertTrue(self.relay_reaches_peer(target))
        time.sleep(gs.ROUTE_TTL_S + 1.5)
        self.assertFalse(self.relay_reaches_peer(target), "routes of a silent peer must be withdrawn after the TTL")
        self.assertIn("routes withdrawn", self.env.log_text())

    def test_relay_from_the_peer_is_not_forwarded_again(self):
        target = bh.random_node_id()
        self.peer.send_sync(PEER_BEACON_ID, [target])
        time.sleep(0.3)
        self.peer.send(w.Relay(bh.random_node_id(), target, b"loop?").encode())
        self.assertIsNone(self.peer.next_non_sync(1.0), "a relay from a peer beacon went to a peer beacon again")

    def test_strict_gossip_ignores_strangers(self):
        stranger = self.client(V4, host=STRANGER_HOST)
        target = bh.random_node_id()
        stranger.send(w.Sync(PEER_BEACON_ID, (target,)))
        time.sleep(0.3)
        client, sender_id = self.discovered(V4)
        client.send(w.Relay(sender_id, target, b"x"))
        stranger.expect_nothing(1.0)
        self.assertIsNone(self.peer.next_non_sync(0.2))

    def test_large_set_is_one_fragmented_sync(self):
        client = self.client(V4)
        ids = [bh.random_node_id() for _ in range(1500)]   # 6 KiB of ids: five IPv4 fragments
        for node_id in ids:
            client.send(w.Discover(node_id))
        client.drain(max_datagrams=5000)
        wanted = set(ids)
        deadline = time.monotonic() + 6
        complete = None
        while complete is None and time.monotonic() < deadline:
            for _, g in self.peer.gossip_for(1.5):
                if g.sync is not None and wanted <= set(g.sync.ids):
                    complete = g
        self.assertIsNotNone(complete, "no single Sync carried every discovered id")
        self.assertGreater(len(complete.data), 1500, "the Sync should have needed IP fragments")
        seen = self.peer.gossip_for(3.2)
        syncs = [t for t, g in seen if g.sync is not None]
        hellos = [g for _, g in seen if g.is_hello]
        gaps = [b - a for a, b in zip(syncs, syncs[1:])]
        self.assertTrue(len(syncs) >= 2 and all(gap > 0.3 for gap in gaps),
                        f"one valid Sync per period, got {len(syncs)} in 3.2 s, gaps {gaps}")
        self.assertTrue(hellos, "a fragmented Sync comes with a Hello for our own beacons")
        self.assertEqual(len(hellos[0].data), 27)


if __name__ == "__main__":
    unittest.main()
