"""legit_daemons — two well-behaved Pilot daemons (kernel UDP sockets in the
harness's namespace) that keep using the beacon from a background thread
while a flood runs: relays both ways, each payload different and checked
byte for byte on arrival, and a Discover now and then whose reply must name
the daemon's own endpoint. Counts what was sent, delivered (byte-exact, in
time or late), corrupted and answered; PunchCommands (which spoofed
PunchRequests in a daemon's name cause) are counted apart, anything else is
unexpected.
"""

import random
import socket
import threading
import time
from typing import Optional

import beacon_harness as bh
import pilot_wire as wire

RECV_TIMEOUT_S = 0.3
DISCOVER_EVERY = 10  # rounds
# The daemons' ids: random, never twice in a process, and apart from every id
# pilot-pktgen uses (its daemons' from daemons.node_ids.first, a few million
# here; its unknown and decoy ids from first + 2^31): a not-found relay or a
# Sync's decoy that hit one would be forwarded, not counted.
ID_RANGE = (0x10000000, 0x70000000)
_used_ids = set()


def fresh_id(rng: random.Random) -> int:
    while True:
        node_id = rng.randrange(*ID_RANGE)
        if node_id not in _used_ids:
            _used_ids.add(node_id)
            return node_id


class LegitDaemons:
    def __init__(self, env: bh.BeaconEnv, family: int, hosts=(0, 1), pubkey: Optional[bytes] = None):
        self.env = env
        self.clients = [bh.PilotClient(env, family, host=h, timeout=RECV_TIMEOUT_S) for h in hosts]
        rng = random.Random()
        self.ids = [fresh_id(rng) for _ in hosts]
        self.pubkey = pubkey
        self.sent = self.delivered = self.late = self.corrupted = 0
        self.discovers = self.discover_answers = self.wrong_endpoint = 0
        self.punch_commands = self.unexpected = 0
        self.registered_at = 0.0
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._error: Optional[BaseException] = None

    def register(self) -> None:
        for client, node_id in zip(self.clients, self.ids):
            reply = client.discover(node_id, pubkey=self.pubkey)
            if (bh.normalise(reply.ip), reply.port) != client.endpoint:
                raise AssertionError(f"DiscoverReply names {reply.ip}:{reply.port}, not {client.endpoint}")
        self.registered_at = time.monotonic()

    def start(self, max_seconds: float) -> None:
        self._thread = threading.Thread(target=self._run, args=(time.monotonic() + max_seconds,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=10)
            if self._thread.is_alive():
                raise AssertionError("the legitimate daemons' thread did not stop")
        if self._error:
            raise self._error

    def close(self) -> None:
        for c in self.clients:
            c.close()

    @staticmethod
    def payload(seq: int) -> bytes:
        """Relay payload number `seq`: the number, then bytes that depend on it."""
        return seq.to_bytes(8, "big") + bh.payload_of(24 + seq % 200, seq)

    def relay_once(self, seq: int, src: int, dst: int) -> bool:
        """One relay src → dst; True when it arrived byte-exact in time."""
        payload = self.payload(seq)
        self.clients[src].send(wire.Relay(self.ids[src], self.ids[dst], payload))
        self.sent += 1
        want = wire.RelayDeliver(self.ids[src], payload).encode()
        return self._receive(dst, want)

    def _receive(self, at: int, want: bytes) -> bool:
        """Reads at client `at` until `want` (or a timeout); counts what else comes."""
        deadline = time.monotonic() + RECV_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                data, _ = self.clients[at].recv(max(0.01, deadline - time.monotonic()))
            except AssertionError:
                return False
            if data == want:
                self.delivered += 1
                return True
            self._classify(at, data, want)
        return False

    def _classify(self, at: int, data: bytes, want: bytes) -> None:
        try:
            message = wire.decode(data)
        except wire.WireError:
            self.unexpected += 1
            return
        if isinstance(message, wire.PunchCommand):
            self.punch_commands += 1
        elif isinstance(message, wire.DiscoverReply):
            self._check_reply(at, message)
        elif isinstance(message, wire.RelayDeliver) and data[1:5] == want[1:5]:
            late = len(message.payload) >= 8 and message.payload == self.payload(
                int.from_bytes(message.payload[:8], "big"))
            if late:
                self.delivered += 1
                self.late += 1
            else:
                self.corrupted += 1
        else:
            self.unexpected += 1

    def _check_reply(self, at: int, reply: wire.DiscoverReply) -> None:
        self.discover_answers += 1
        if (bh.normalise(reply.ip), reply.port) != self.clients[at].endpoint:
            self.wrong_endpoint += 1

    def _run(self, deadline: float) -> None:
        try:
            seq = 0
            while not self._stop.is_set() and time.monotonic() < deadline:
                seq += 1
                self.relay_once(seq, 0, 1)
                self.relay_once(seq + 1_000_000, 1, 0)
                if seq % DISCOVER_EVERY == 0:
                    self.clients[0].send(wire.Discover(self.ids[0], self.pubkey))
                    self.discovers += 1
        except BaseException as exc:  # reported by stop()
            self._error = exc

    def summary(self) -> str:
        return (f"relays {self.delivered}/{self.sent} delivered byte-exact ({self.late} late), {self.corrupted} "
                f"corrupted, discovers "
                f"{self.discover_answers}/{self.discovers} answered ({self.wrong_endpoint} wrong), "
                f"{self.punch_commands} PunchCommands, {self.unexpected} unexpected")
