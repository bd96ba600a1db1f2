"""End-to-end relays larger than one frame: 4 KiB, 16 KiB and 60,000 bytes,
IPv4 and IPv6, across families, to a DiscoverEx node. The client kernel
fragments what it sends; the beacon must reassemble the fragments and
fragment its RelayDeliver again on the way out (the receiving kernel
socket reassembles it).

The beacon runs on net_af_xdp (one queue, one worker), which hands it the
raw IP fragments. net_af_packet cannot be used for this: its frames are at
most the mbuf data room (~2 KiB here; the PMD refuses a larger framesz),
and its fanout reassembles IPv4 fragments in the kernel into one frame
that then arrives cut short (ARCHITECTURE section 10).

Test-only overrides as in test_e2e_beacon.py.
"""

import socket
import unittest

import beacon_harness as bh

V4, V6 = socket.AF_INET, socket.AF_INET6
TEST_OVERRIDES = ['beacon.punch_whitelist=["*"]', "beacon.limits.reply_per_source_per_s=0"]


class LargeRelayTests(bh.BeaconTestCase):
    """Relays bigger than one frame: IP fragments in, IP fragments out."""
    beacon_options = {"port_kind": "af_xdp", "clients": 2, "extra_set": TEST_OVERRIDES}

    SIZES = (4096, 16384, 60000)

    def test_port_answers(self):
        done = self.env.ping(self.env.beacon_ipv4, count=1)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)

    def check_pair(self, fa, fb, ex=False):
        a, a_id = self.discovered(fa)
        b, b_id = self.discovered(fb, host=1, ex=ex)
        for size in self.SIZES:
            with self.subTest(size=size, route=f"{bh.FAMILY_NAME[fa]}<->{bh.FAMILY_NAME[fb]}"):
                self.assert_relay(a, a_id, b, b_id, bh.payload_of(size, size), dest_wants_dest=ex)
                self.assert_relay(b, b_id, a, a_id, bh.payload_of(size, size + 3))

    def test_large_ipv4(self):
        self.check_pair(V4, V4)

    def test_large_ipv6(self):
        self.check_pair(V6, V6)

    def test_large_ipv4_to_ipv6_and_back(self):
        self.check_pair(V4, V6)

    def test_large_ipv6_to_ipv4_and_back(self):
        self.check_pair(V6, V4)

    def test_large_to_discover_ex(self):
        self.check_pair(V4, V6, ex=True)

    def test_small_still_fine(self):
        a, a_id = self.discovered(V4)
        b, b_id = self.discovered(V6)
        self.assert_relay(a, a_id, b, b_id, b"x")
        self.assert_relay(b, b_id, a, a_id, bh.payload_of(1400, 1))


if __name__ == "__main__":
    unittest.main()
