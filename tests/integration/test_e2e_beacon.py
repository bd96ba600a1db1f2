"""End-to-end beacon protocol tests (PROTOCOL.md sections 1 and 3): kernel
UDP sockets in a namespace act as Pilot daemons against the real
pilot-beacond on net_af_packet (2 queues, 2 workers), and every reply is
decoded by the independent codec in pilot_wire.py.

Covered: Discover (v4/v6, with and without a key, extra bytes), DiscoverEx,
malformed/unknown messages, many source ports, the 30 s endpoint window,
punch (v4, v6, across families, grant trailer with tokens off, requester
moves, unknown target), relay of 0..1,400 bytes (v4, v6, across families,
RelayDeliverDest, unknown destination, order, many sources, unauthenticated
sender id). Relays larger than one frame are in test_e2e_beacon_large.py:
net_af_packet cannot carry frames above ~2 KiB (ARCHITECTURE section 10).

Test-only overrides: beacon.punch_whitelist ["*"] and
beacon.limits.reply_per_source_per_s 0, since every client shares one or
two source IPs and the tests punch and discover faster than the default
limits (1 punch/s per IP, 50 replies/s per IP) allow.

TODO when the health endpoint lands: read the per-lcore counters after
test_many_source_ports and assert that both workers received traffic.
"""

import random
import socket
import struct
import time
import unittest

import beacon_harness as bh
import pilot_wire as w

V4, V6 = socket.AF_INET, socket.AF_INET6
FAMILY_NAME = bh.FAMILY_NAME
TEST_OVERRIDES = ['beacon.punch_whitelist=["*"]', "beacon.limits.reply_per_source_per_s=0"]
new_id = bh.random_node_id
payload_of = bh.payload_of


class BeaconProtocolTests(bh.BeaconTestCase):
    beacon_options = {"port_kind": "af_packet", "queues": 2, "clients": 2, "extra_set": TEST_OVERRIDES}

    # ---- Discover

    def test_discover_ipv4(self):
        client = self.client(V4)
        node_id = new_id()
        client.send(w.Discover(node_id))
        data, _ = client.recv()
        self.assertEqual(len(data), 1 + 1 + 4 + 2, f"DiscoverReply v4 is 8 bytes, got {data.hex()}")
        ip, port = client.endpoint
        self.assertEqual(data, b"\x02\x04" + socket.inet_pton(V4, ip) + struct.pack("!H", port))

    def test_discover_ipv6(self):
        client = self.client(V6)
        client.send(w.Discover(new_id()))
        data, _ = client.recv()
        self.assertEqual(len(data), 1 + 1 + 16 + 2, f"DiscoverReply v6 is 20 bytes, got {data.hex()}")
        ip, port = client.endpoint
        self.assertEqual(data, b"\x02\x10" + socket.inet_pton(V6, ip) + struct.pack("!H", port))

    def test_discover_with_pubkey(self):
        for family in (V4, V6):
            with self.subTest(family=FAMILY_NAME[family]):
                self.discovered(family, pubkey=bytes(random.getrandbits(8) for _ in range(32)))

    def test_discover_extra_bytes_ignored(self):
        client = self.client(V4)
        client.send(w.Discover(new_id()).encode() + bytes(32) + b"extra bytes beyond the key")
        self.assert_reply_is_endpoint(client.recv_msg(expect_type=w.DiscoverReply), client)
        client.send(w.Discover(new_id()).encode() + b"short tail")   # < 32 bytes: not a key
        self.assert_reply_is_endpoint(client.recv_msg(expect_type=w.DiscoverReply), client)

    def test_discover_ex(self):
        for family in (V4, V6):
            with self.subTest(family=FAMILY_NAME[family]):
                self.discovered(family, ex=True)
                self.discovered(family, ex=True, pubkey=bytes(32))

    def test_discover_from_second_address(self):
        for family in (V4, V6):
            with self.subTest(family=FAMILY_NAME[family]):
                client, _ = self.discovered(family, host=1)
                self.assertEqual(client.endpoint[0], self.env.client_ip(family, 1))

    def test_malformed_and_unknown_are_ignored(self):
        client = self.client(V4)
        for data in (b"", b"\x01", b"\x01\x00\x00\x00", b"\x08\x00\x00", b"\x03" + bytes(7), b"\x05" + bytes(7),
                     b"\x07" + bytes(5), b"\x0a\x00\x00\x00\x01", b"\x0f", b"\x02\x04\x0a\x00\x00\x01\x00\x01",
                     b"\x04\x04\x0a\x00\x00\x01\x00\x01", b"\x06\x00\x00\x00\x01xx", b"\x09" + bytes(8),
                     b"PILT" + bytes(16)):
            with self.subTest(data=data.hex()):
                client.send(data)
                client.expect_nothing(0.3)
        self.discovered(V4)   # and the beacon still works

    def test_many_source_ports(self):
        # 16 flows per family (distinct source ports): af_packet's fanout
        # hash spreads them over both queues; every one gets its own reply.
        for family in (V4, V6):
            clients = [self.client(family, host=i % 2) for i in range(16)]
            ids = [new_id() for _ in clients]
            for c, i in zip(clients, ids):
                c.send(w.Discover(i))
            for c in clients:
                self.assert_reply_is_endpoint(c.recv_msg(expect_type=w.DiscoverReply), c)

    def test_rediscover_within_window_does_not_move(self):
        # PROTOCOL 3, Discover step 4: inside 30 s the endpoint stays, but the
        # Discover is still answered (with the new source's address).
        first, node_id = self.discovered(V4)
        second = self.client(V4)
        self.assert_reply_is_endpoint(second.discover(node_id), second)
        sender, sender_id = self.discovered(V4)
        self.assert_relay(sender, sender_id, first, node_id, b"still here")
        second.expect_nothing(0.3)

    # ---- Punch

    def assert_punch(self, a, a_id, b, b_id, request=None):
        a.send(request or w.PunchRequest(a_id, b_id))
        to_a = a.recv_msg(expect_type=w.PunchCommand)
        to_b = b.recv_msg(expect_type=w.PunchCommand)
        self.assertEqual((bh.normalise(to_a.ip), to_a.port), b.endpoint, "requester told the wrong endpoint")
        self.assertEqual((bh.normalise(to_b.ip), to_b.port), a.endpoint, "target told the wrong endpoint")

    def test_punch_ipv4(self):
        a, a_id = self.discovered(V4)
        b, b_id = self.discovered(V4)
        self.assert_punch(a, a_id, b, b_id)

    def test_punch_ipv6(self):
        a, a_id = self.discovered(V6)
        b, b_id = self.discovered(V6, host=1)
        self.assert_punch(a, a_id, b, b_id)

    def test_punch_across_families(self):
        a, a_id = self.discovered(V4)
        b, b_id = self.discovered(V6)
        self.assert_punch(a, a_id, b, b_id)

    def test_punch_with_grant_trailer_when_tokens_are_off(self):
        a, a_id = self.discovered(V4)
        b, b_id = self.discovered(V4)
        self.assert_punch(a, a_id, b, b_id, w.PunchRequest(a_id, b_id, int(time.time()) + 60, bytes(64)))

    def test_punch_moves_the_requester(self):
        # PROTOCOL 3, PunchRequest step 4: the requester's endpoint follows the
        # request's source, without the 30 s Discover limit.
        a_old, a_id = self.discovered(V4)
        b, b_id = self.discovered(V4)
        a_new = self.client(V4)
        self.assert_punch(a_new, a_id, b, b_id)
        a_old.expect_nothing(0.3)
        self.assert_relay(b, b_id, a_new, a_id, b"moved")

    def test_punch_unknown_target(self):
        a, a_id = self.discovered(V4)
        a.send(w.PunchRequest(a_id, new_id()))
        a.expect_nothing(0.5)

    # ---- Relay (sizes that fit one frame)

    def test_relay_small_sizes_ipv4(self):
        a, a_id = self.discovered(V4)
        b, b_id = self.discovered(V4)
        for size in (0, 1, 100, 1400):
            with self.subTest(size=size):
                self.assert_relay(a, a_id, b, b_id, payload_of(size, size))
                self.assert_relay(b, b_id, a, a_id, payload_of(size, size + 1))

    def test_relay_small_sizes_ipv6(self):
        a, a_id = self.discovered(V6)
        b, b_id = self.discovered(V6)
        for size in (1, 1400):
            with self.subTest(size=size):
                self.assert_relay(a, a_id, b, b_id, payload_of(size, size))
                self.assert_relay(b, b_id, a, a_id, payload_of(size, size + 1))

    def test_relay_ipv4_to_ipv6_and_back(self):
        a, a_id = self.discovered(V4)
        b, b_id = self.discovered(V6)
        for size in (1, 1400):
            with self.subTest(size=size):
                self.assert_relay(a, a_id, b, b_id, payload_of(size, 7 * size))
                self.assert_relay(b, b_id, a, a_id, payload_of(size, 7 * size + 1))

    def test_relay_to_discover_ex_gets_deliver_dest(self):
        a, a_id = self.discovered(V4)
        b, b_id = self.discovered(V6, ex=True)
        for size in (1, 1400):
            with self.subTest(size=size):
                self.assert_relay(a, a_id, b, b_id, payload_of(size, size), dest_wants_dest=True)
        # the other direction: a registered with plain Discover
        self.assert_relay(b, b_id, a, a_id, b"plain")

    def test_relay_unknown_destination(self):
        a, a_id = self.discovered(V4)
        b, _ = self.discovered(V4)
        a.send(w.Relay(a_id, new_id(), b"nobody"))
        a.expect_nothing(0.3)
        b.expect_nothing(0.2)

    def test_relay_keeps_order(self):
        a, a_id = self.discovered(V4)
        b, b_id = self.discovered(V4)
        count = 200
        for seq in range(count):
            a.send(w.Relay(a_id, b_id, struct.pack("!I", seq) + bytes(60)))
        got = []
        for _ in range(count):
            msg = b.recv_msg(expect_type=w.RelayDeliver)
            got.append(struct.unpack_from("!I", msg.payload)[0])
        self.assertEqual(got, list(range(count)), "relays from one source to one destination were reordered")

    def test_relay_from_many_source_ports(self):
        dest, dest_id = self.discovered(V4)
        senders = [self.discovered(V4 if i % 2 else V6, host=i % 2) for i in range(12)]
        for i, (s, s_id) in enumerate(senders):
            s.send(w.Relay(s_id, dest_id, b"from %d" % i))
        want = {w.RelayDeliver(s_id, b"from %d" % i) for i, (_, s_id) in enumerate(senders)}
        got = {dest.recv_msg(expect_type=w.RelayDeliver) for _ in senders}
        self.assertEqual(got, want)

    def test_relay_sender_id_is_not_authenticated(self):
        # PROTOCOL 3, Relay: the claimed sender id is delivered as is, from a
        # source that never discovered.
        dest, dest_id = self.discovered(V4)
        stranger = self.client(V6)
        claimed = new_id()
        self.assert_relay(stranger, claimed, dest, dest_id, b"who am i")


if __name__ == "__main__":
    unittest.main()
