"""End-to-end standard STUN (RFC 8489 Binding; docs/design.md "STUN")
through the real pilot-beacond on net_af_packet (2 queues, 2 workers).

- A stock STUN client, coturn's turnutils_stunclient (Debian package coturn,
  installed by deploy/install-deps), runs inside the client namespace
  against the beacon's IPv4 and IPv6 address and port 9001. The reflexive
  address it prints must be the address and port its request left from,
  read off the wire by a packet socket on the namespace's veth end.
  (Not with -f: after a first answer without OTHER-ADDRESS it sends
  RESPONSE-PORT and CHANGE-REQUEST, gets the RFC 5780 §7.2 answer, 420, on
  its first socket, and waits on the other with no timeout.)
- Binding requests built here (independently of the C++ codec: zlib's
  CRC-32 for FINGERPRINT) from kernel UDP sockets: the response names the
  socket in XOR-MAPPED-ADDRESS and carries FINGERPRINT exactly when the
  request did; MESSAGE-INTEGRITY gets 400, an unknown comprehension-required
  attribute 420 with UNKNOWN-ATTRIBUTES; indications and malformed messages
  get nothing; the /metrics counters count each outcome.
"""

import ipaddress
import os
import re
import shutil
import socket
import struct
import time
import unittest
import zlib
from typing import List, Tuple

import beacon_harness as bh
from test_e2e_health import scrape, total

V4, V6 = socket.AF_INET, socket.AF_INET6
FAMILY_NAME = bh.FAMILY_NAME
COOKIE = 0x2112A442
BINDING_REQUEST, BINDING_INDICATION = 0x0001, 0x0011
BINDING_SUCCESS, BINDING_ERROR = 0x0101, 0x0111
XOR_MAPPED_ADDRESS, ERROR_CODE, UNKNOWN_ATTRIBUTES = 0x0020, 0x0009, 0x000A
MESSAGE_INTEGRITY, CHANGE_REQUEST, SOFTWARE, FINGERPRINT = 0x0008, 0x0003, 0x8022, 0x8028
STUNCLIENT = "turnutils_stunclient"
STUNCLIENT_TIMEOUT_S = 15.0
REFLEXIVE_PATTERN = re.compile(r"UDP reflexive addr: (\S+):(\d+)\s*$", re.MULTILINE)
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
MAX_CAPTURED_FRAMES = 2000


# ---- STUN, written here from RFC 8489

def attribute(kind: int, value: bytes) -> bytes:
    return struct.pack("!HH", kind, len(value)) + value + bytes(-len(value) % 4)


def stun_message(kind: int, transaction_id: bytes, attributes: bytes = b"", fingerprint: bool = False) -> bytes:
    length = len(attributes) + (8 if fingerprint else 0)
    message = struct.pack("!HHI", kind, length, COOKIE) + transaction_id + attributes
    if fingerprint:
        message += struct.pack("!HHI", FINGERPRINT, 4, (zlib.crc32(message) ^ 0x5354554E) & 0xFFFFFFFF)
    return message


def parse_stun(data: bytes) -> Tuple[int, bytes, List[Tuple[int, int, bytes]]]:
    """(type, transaction id, [(attribute type, offset, value)]); asserts the
    header and the attribute layout."""
    if len(data) < 20:
        raise AssertionError(f"a STUN message has 20 header bytes, got {len(data)}: {data.hex()}")
    kind, length, cookie = struct.unpack("!HHI", data[:8])
    if cookie != COOKIE or length != len(data) - 20 or length % 4:
        raise AssertionError(f"bad STUN header (cookie {cookie:#x}, length {length} of {len(data) - 20}): "
                             f"{data.hex()}")
    attributes, offset = [], 20
    while offset < len(data):
        a_type, a_len = struct.unpack("!HH", data[offset:offset + 4])
        if offset + 4 + a_len > len(data):
            raise AssertionError(f"attribute {a_type:#06x} at {offset} overruns the message: {data.hex()}")
        attributes.append((a_type, offset, data[offset + 4:offset + 4 + a_len]))
        offset += 4 + a_len + (-a_len % 4)
    return kind, data[8:20], attributes


def xor_mapped_endpoint(value: bytes, transaction_id: bytes) -> Tuple[str, int]:
    family, xport = struct.unpack("!xBH", value[:4])
    key = struct.pack("!I", COOKIE) + transaction_id
    address = bytes(a ^ k for a, k in zip(value[4:], key))
    if (family, len(address)) not in ((1, 4), (2, 16)):
        raise AssertionError(f"XOR-MAPPED-ADDRESS of family {family} with {len(address)} address bytes")
    return str(ipaddress.ip_address(address)), xport ^ (COOKIE >> 16)


# ---- what the client sent, as seen on the wire

def outgoing_stun_sources(frames: List[bytes], beacon_ip: str, beacon_port: int) -> List[Tuple[str, int]]:
    """Source (address, port) of each STUN Binding request in `frames`
    (Ethernet, as a packet socket gives them) sent to the beacon."""
    sources = []
    for frame in frames:
        ether_type = struct.unpack("!H", frame[12:14])[0]
        if ether_type == 0x0800 and frame[23] == socket.IPPROTO_UDP:
            header_len = (frame[14] & 0x0F) * 4
            src, dst = frame[26:30], frame[30:34]
            udp = frame[14 + header_len:]
        elif ether_type == 0x86DD and frame[20] == socket.IPPROTO_UDP:
            src, dst = frame[22:38], frame[38:54]
            udp = frame[54:]
        else:
            continue
        sport, dport = struct.unpack("!HH", udp[:4])
        payload = udp[8:]
        if (ipaddress.ip_address(dst) == ipaddress.ip_address(beacon_ip) and dport == beacon_port
                and payload[:2] == b"\x00\x01" and payload[4:8] == struct.pack("!I", COOKIE)):
            sources.append((str(ipaddress.ip_address(src)), sport))
    return sources


class StunTests(bh.BeaconTestCase):
    beacon_options = {"port_kind": "af_packet", "queues": 2}

    @classmethod
    def setUpClass(cls) -> None:
        if shutil.which(STUNCLIENT) is None:
            raise bh.HarnessError(f"'{STUNCLIENT}' not found in PATH (Debian package coturn; "
                                  "deploy/install-deps installs it)")
        super().setUpClass()

    # ---- helpers

    def exchange(self, family: int, message: bytes) -> Tuple[bytes, bh.PilotClient]:
        """Sends `message` from a fresh client socket; the beacon's answer."""
        client = self.client(family)
        client.send(message)
        data, source = client.recv()
        self.assertEqual((bh.normalise(source[0]), source[1]), (bh.normalise(client.beacon[0]), client.beacon[1]),
                         "the answer did not come from the beacon's address and port")
        return data, client

    def capture_socket(self) -> socket.socket:
        capture = self.env.ns_socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        capture.bind((self.env.veth_client, 0))
        self.addCleanup(capture.close)
        return capture

    @staticmethod
    def outgoing_frames(capture: socket.socket) -> List[bytes]:
        capture.setblocking(False)
        frames = []
        try:
            while len(frames) < MAX_CAPTURED_FRAMES:
                frame, address = capture.recvfrom(65535)
                if address[2] == PACKET_OUTGOING:
                    frames.append(frame)
        except BlockingIOError:
            pass
        return frames

    # ---- a stock client

    def test_turnutils_stunclient_learns_its_own_address_and_port(self):
        for family in (V4, V6):
            with self.subTest(family=FAMILY_NAME[family]):
                beacon_ip = self.env.beacon_ip(family)
                capture = self.capture_socket()
                done = self.env.ns_run([STUNCLIENT, "-p", str(self.env.beacon_port), beacon_ip],
                                       timeout=STUNCLIENT_TIMEOUT_S)
                output = done.stdout + done.stderr
                print(f"\n{STUNCLIENT} -p {self.env.beacon_port} {beacon_ip} (exit {done.returncode}):\n{output}")
                self.assertEqual(done.returncode, 0, f"{STUNCLIENT} failed:\n{output}")
                printed = {(bh.normalise(ip), int(port)) for ip, port in REFLEXIVE_PATTERN.findall(output)}
                self.assertEqual(len(printed), 1, f"expected one reflexive address in:\n{output}")
                sent_from = set(outgoing_stun_sources(self.outgoing_frames(capture), beacon_ip,
                                                      self.env.beacon_port))
                self.assertEqual(len(sent_from), 1, f"expected the client's request on the wire, saw {sent_from}")
                self.assertEqual(printed, {(bh.normalise(ip), port) for ip, port in sent_from})
                self.assertEqual(next(iter(printed))[0], self.env.client_ip(family))

    # ---- requests built here

    def test_fingerprint_exactly_when_the_request_had_one(self):
        for family in (V4, V6):
            for with_fingerprint in (False, True):
                with self.subTest(family=FAMILY_NAME[family], fingerprint=with_fingerprint):
                    transaction_id = os.urandom(12)
                    request = stun_message(BINDING_REQUEST, transaction_id,
                                           attribute(SOFTWARE, b"pilot e2e"), with_fingerprint)
                    data, client = self.exchange(family, request)
                    kind, echoed_id, attributes = parse_stun(data)
                    self.assertEqual(kind, BINDING_SUCCESS, data.hex())
                    self.assertEqual(echoed_id, transaction_id)
                    types = [a_type for a_type, _, _ in attributes]
                    self.assertEqual(types, [XOR_MAPPED_ADDRESS] + ([FINGERPRINT] if with_fingerprint else []))
                    mapped = xor_mapped_endpoint(attributes[0][2], transaction_id)
                    self.assertEqual((bh.normalise(mapped[0]), mapped[1]), client.endpoint)
                    if with_fingerprint:
                        _, offset, value = attributes[-1]
                        self.assertEqual(struct.unpack("!I", value)[0],
                                         (zlib.crc32(data[:offset]) ^ 0x5354554E) & 0xFFFFFFFF, "FINGERPRINT")

    def test_message_integrity_gets_400(self):
        for family in (V4, V6):
            with self.subTest(family=FAMILY_NAME[family]):
                transaction_id = os.urandom(12)
                data, _ = self.exchange(family, stun_message(BINDING_REQUEST, transaction_id,
                                                             attribute(MESSAGE_INTEGRITY, bytes(20)), True))
                kind, echoed_id, attributes = parse_stun(data)
                self.assertEqual((kind, echoed_id), (BINDING_ERROR, transaction_id))
                self.assertEqual(attributes[0][0], ERROR_CODE)
                self.assertEqual(attributes[0][2][2:4], bytes([4, 0]), "class 4, number 0")

    def test_unknown_comprehension_required_attribute_gets_420(self):
        for family in (V4, V6):
            with self.subTest(family=FAMILY_NAME[family]):
                transaction_id = os.urandom(12)
                request = stun_message(BINDING_REQUEST, transaction_id, attribute(CHANGE_REQUEST, bytes(4)))
                data, _ = self.exchange(family, request)
                kind, echoed_id, attributes = parse_stun(data)
                self.assertEqual((kind, echoed_id), (BINDING_ERROR, transaction_id))
                found = {a_type: value for a_type, _, value in attributes}
                self.assertEqual(found[ERROR_CODE][2:4], bytes([4, 20]))
                self.assertEqual(found[UNKNOWN_ATTRIBUTES], struct.pack("!H", CHANGE_REQUEST))
                self.assertLessEqual(len(data), len(request) + 32, "the reflection bound")

    def test_silence_for_indications_and_malformed_messages(self):
        transaction_id = os.urandom(12)
        request = stun_message(BINDING_REQUEST, transaction_id, fingerprint=True)
        silent = {
            "indication": stun_message(BINDING_INDICATION, transaction_id),
            "wrong fingerprint": request[:-1] + bytes([request[-1] ^ 0xFF]),
            "classic RFC 3489, no cookie": b"\x00\x01\x00\x00" + os.urandom(16),
            "truncated": request[:19],
            "length beyond the datagram": request[:20],
        }
        for family in (V4, V6):
            for name, message in silent.items():
                with self.subTest(family=FAMILY_NAME[family], message=name):
                    client = self.client(family)
                    client.send(message)
                    client.expect_nothing(0.3)

    def test_counters(self):
        before = scrape(self.env)
        for family in (V4, V6):
            self.exchange(family, stun_message(BINDING_REQUEST, os.urandom(12)))
            self.client(family).send(stun_message(BINDING_INDICATION, os.urandom(12)))
            self.client(family).send(b"\x00\x01\x00\x00" + os.urandom(16))
        deadline = time.monotonic() + 5.0
        after = scrape(self.env)
        while total(after, "pilot_beacon_stun_received_total") - total(before, "pilot_beacon_stun_received_total") < 6 \
                and time.monotonic() < deadline:
            time.sleep(0.1)
            after = scrape(self.env)

        def moved(name: str, **labels: str) -> float:
            return total(after, name, **labels) - total(before, name, **labels)

        self.assertEqual(moved("pilot_beacon_stun_received_total"), 6)
        self.assertEqual(moved("pilot_beacon_stun_replied_total", response="success"), 2)
        self.assertEqual(moved("pilot_beacon_stun_indications_total"), 2)
        self.assertEqual(moved("pilot_beacon_stun_dropped_total", reason="no_cookie"), 2)


if __name__ == "__main__":
    unittest.main()
