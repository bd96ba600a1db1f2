"""Checks of pilot_wire against byte strings written out by hand from
PROTOCOL.md section 1, so that the end-to-end tests' own codec is known to
be right before it is used to judge pilot-beacond. Needs no root."""

import unittest

import pilot_wire as w


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


KEY = bytes(range(32))
SIG = bytes(range(64, 128))


class EncodeDecodeVectors(unittest.TestCase):
    VECTORS = [
        # (message, bytes)
        (w.Discover(0x01020304), h("01 01020304")),
        (w.Discover(7, KEY), h("01 00000007") + KEY),
        (w.Discover(0xFFFFFFFF, ex=True), h("08 ffffffff")),
        (w.Discover(9, KEY, ex=True), h("08 00000009") + KEY),
        (w.DiscoverReply("10.201.1.2", 40000), h("02 04 0ac90102 9c40")),
        (w.DiscoverReply("fd20:1::2", 9001), h("02 10 fd200001000000000000000000000002 2329")),
        (w.PunchRequest(1, 2), h("03 00000001 00000002")),
        (w.PunchRequest(1, 2, 1700000000, SIG), h("03 00000001 00000002 000000006553f100") + SIG),
        (w.PunchCommand("192.0.2.1", 1), h("04 04 c0000201 0001")),
        (w.PunchCommand("2001:db8::1", 65535), h("04 10 20010db8000000000000000000000001 ffff")),
        (w.Relay(5, 6, b"hi"), h("05 00000005 00000006 6869")),
        (w.Relay(5, 6), h("05 00000005 00000006")),
        (w.RelayDeliver(5, b"\x00\xff"), h("06 00000005 00ff")),
        (w.RelayDeliverDest(5, 6, b"x"), h("09 00000005 00000006 78")),
        (w.Sync(3, [1, 0xABCDEF01]), h("07 00000003 0002 00000001 abcdef01")),
        (w.Sync(3), h("07 00000003 0000")),
    ]

    def test_encode(self):
        for msg, raw in self.VECTORS:
            with self.subTest(msg=msg):
                self.assertEqual(msg.encode(), raw)

    def test_decode_strict(self):
        for msg, raw in self.VECTORS:
            with self.subTest(msg=msg):
                self.assertEqual(w.decode(raw), msg)

    def test_mapped_ipv4_is_encoded_as_4_bytes(self):
        self.assertEqual(w.DiscoverReply("::ffff:10.0.0.1", 5).encode(), h("02 04 0a000001 0005"))
        self.assertEqual(w.DiscoverReply("::ffff:10.0.0.1", 5).iplen, 4)
        self.assertEqual(w.DiscoverReply("fd20::1", 5).iplen, 16)

    def test_grant_text(self):
        self.assertEqual(w.punch_grant_text(1, 4294967295, 1700000000), b"punch-grant:1:4294967295:1700000000")


class LenientAndStrict(unittest.TestCase):
    def test_discover_extra_bytes(self):
        raw = h("01 00000007") + KEY + b"tail"
        with self.assertRaises(w.WireError):
            w.decode(raw)
        msg = w.decode(raw, strict=False)
        self.assertEqual((msg.node_id, msg.pubkey, msg.extra), (7, KEY, b"tail"))

    def test_discover_short_key_is_no_key(self):
        msg = w.decode(h("01 00000007") + KEY[:31], strict=False)
        self.assertIsNone(msg.pubkey)

    def test_incomplete_grant_trailer(self):
        raw = h("03 00000001 00000002") + bytes(71)
        with self.assertRaises(w.WireError):
            w.decode(raw)
        self.assertFalse(w.decode(raw, strict=False).has_grant)

    def test_endpoint_trailing_bytes(self):
        raw = h("02 04 0a000001 0005 00")
        with self.assertRaises(w.WireError):
            w.decode(raw)
        self.assertEqual(w.decode(raw, strict=False), w.DiscoverReply("10.0.0.1", 5))

    def test_sync_count(self):
        with self.assertRaises(w.WireError):
            w.decode(h("07 00000003 0002 00000001"))
        self.assertEqual(w.decode(h("07 00000003 0001 00000001 ff"), strict=False), w.Sync(3, [1]))

    def test_malformed(self):
        for raw in (b"", h("01 000000"), h("02 05 0a000001 0005"), h("02 04 0a0000"), h("03 00000001 000000"),
                    h("05 00000001 000000"), h("06 000000"), h("09 00000001"), h("07 00000001 00"), h("0a 00")):
            with self.subTest(raw=raw.hex()):
                with self.assertRaises(w.WireError):
                    w.decode(raw, strict=False)

    def test_relay_payload_limit(self):
        ok = w.Relay(1, 2, bytes(65535)).encode()
        self.assertEqual(len(w.decode(ok).payload), 65535)
        with self.assertRaises(w.WireError):
            w.decode(ok + b"x")

    def test_encode_rejects_bad_fields(self):
        for bad in (lambda: w.Discover(-1).encode(), lambda: w.Discover(1 << 32).encode(),
                    lambda: w.Discover(1, b"short").encode(), lambda: w.PunchRequest(1, 2, 5).encode(),
                    lambda: w.PunchRequest(1, 2, 5, b"x").encode(), lambda: w.DiscoverReply("nope", 1).encode(),
                    lambda: w.PunchCommand("10.0.0.1", 70000).encode(), lambda: w.Sync(1, [0] * 65536).encode()):
            with self.assertRaises(w.WireError):
                bad()


if __name__ == "__main__":
    unittest.main()
