"""End-to-end L2/L3 tests: pilot-beacond on net_af_packet (2 queues, 2
workers) answers ARP, IPv6 Neighbour Discovery and ICMP/ICMPv6 echo from
the kernel stack of a network namespace, and stays silent on UDP ports
other than the beacon's.

Run by ctest (e2e_l3), or by hand as root from this folder:
    PILOT_BEACOND=../../build-e2e/controlplane/pilot-beacond python3 -m unittest -v test_e2e_l3
"""

import re
import socket
import unittest

import beacon_harness as bh


def received(ping_output: str) -> int:
    m = re.search(r"(\d+) received", ping_output)
    return int(m.group(1)) if m else 0


class L3Tests(bh.BeaconTestCase):
    beacon_options = {"port_kind": "af_packet", "queues": 2, "clients": 2}

    def assert_ping(self, address: str, count: int = 3, size=None, extra=(), host_note=""):
        done = self.env.ping(address, count=count, size=size, extra=extra)
        out = done.stdout + done.stderr
        self.assertEqual(done.returncode, 0, f"ping {address}{host_note} failed:\n{out}")
        self.assertEqual(received(out), count, f"ping {address}: not every echo was answered:\n{out}")

    # ---- ICMP echo

    def test_ping_ipv4(self):
        self.assert_ping(self.env.beacon_ipv4)

    def test_ping_ipv6(self):
        self.assert_ping(self.env.beacon_ipv6)

    def test_ping_ipv4_full_mtu(self):
        # 1472 bytes of ICMP data = a 1500-byte IP packet, DF set: the largest
        # frame the port carries unfragmented, echoed byte for byte.
        self.assert_ping(self.env.beacon_ipv4, count=2, size=1472, extra=["-M", "do"])

    def test_ping_ipv6_full_mtu(self):
        self.assert_ping(self.env.beacon_ipv6, count=2, size=1452, extra=["-M", "do"])

    def test_ping_from_second_address(self):
        # Replies go back to the source that asked, not to a cached neighbour.
        for family, beacon in ((socket.AF_INET, self.env.beacon_ipv4), (socket.AF_INET6, self.env.beacon_ipv6)):
            source = self.env.client_ip(family, host=1)
            self.assert_ping(beacon, count=2, extra=["-I", source], host_note=f" from {source}")

    # ---- ARP / ND

    def assert_resolves_to_beacon_mac(self, address: str):
        self.env.flush_neighbours()
        self.assert_ping(address, count=1)
        table = self.env.neighbours()
        self.assertIn(bh.normalise(address), table, f"no neighbour entry for {address}: {table}")
        mac, state = table[bh.normalise(address)]
        self.assertNotIn(state, ("FAILED", "INCOMPLETE"), f"neighbour {address}: {table[bh.normalise(address)]}")
        self.assertEqual(mac, self.env.beacon_mac,
                         f"{address} resolved to {mac}, the beacon's veth is {self.env.beacon_mac}")

    def test_arp_resolves_beacon_mac(self):
        self.assert_resolves_to_beacon_mac(self.env.beacon_ipv4)

    def test_nd_resolves_beacon_mac(self):
        self.assert_resolves_to_beacon_mac(self.env.beacon_ipv6)

    def test_logged_mac_is_veth_mac(self):
        self.assertEqual(self.env.logged_mac(), self.env.beacon_mac,
                         "the MAC in pilot-beacond's 'port: started' line is not its veth's")

    def test_no_answer_for_unassigned_address(self):
        # An address in the beacon's subnet that nobody owns: no ARP reply.
        other = str(self.env.subnet4[200])
        done = self.env.ping(other, count=1)
        self.assertNotEqual(done.returncode, 0, f"something answered {other}:\n{done.stdout}")
        mac, _ = self.env.neighbours().get(other, (None, ""))
        self.assertIsNone(mac, f"{other} resolved to {mac}; nobody owns it")

    # ---- UDP to other ports

    def test_udp_other_ports_get_no_answer(self):
        for family in (socket.AF_INET, socket.AF_INET6):
            for port in (9000, 9002, 53, 40001):
                with self.subTest(family=family.name, port=port):
                    sock = self.env.udp_socket(family)
                    sock.connect(self.env.beacon_endpoint(family, port))
                    sock.send(b"\x01\x00\x00\x00\x07")  # a Discover, to the wrong port
                    sock.settimeout(0.5)
                    try:
                        data = sock.recv(65536)
                    except socket.timeout:
                        continue
                    except ConnectionRefusedError:
                        self.fail(f"UDP to port {port}: got an ICMP port unreachable, expected no answer")
                    self.fail(f"UDP to port {port}: got {len(data)} bytes back, expected no answer")

    def test_beacon_still_answers_after_udp_noise(self):
        sock = self.env.udp_socket(socket.AF_INET)
        for i in range(50):
            sock.sendto(bytes([i % 256]) * (i * 20), self.env.beacon_endpoint(socket.AF_INET, 9000 + i % 5))
        self.assert_ping(self.env.beacon_ipv4, count=2)
        self.assert_ping(self.env.beacon_ipv6, count=2)


if __name__ == "__main__":
    unittest.main()
