"""gossip_support — helpers for the gossip end-to-end tests
(test_e2e_gossip*.py): the `--set` overrides that make gossip fast enough
to test, our Sync extension decoded independently of the C++ code
(docs/gossip.md "Wire extension"), and receiving past the periodic Syncs.

Standard library only.
"""

import socket
import struct
import time
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import beacon_harness as bh
import pilot_wire as w

GOSSIP_INTERVAL_S = 1
ROUTE_TTL_S = 3
TRAILER_MAGIC = b"PBGX"
TRAILER_SIZE = 20
FLAG_MULTIPART, FLAG_PARTIAL_SET, FLAG_HELLO = 0x01, 0x02, 0x04
HELLO_COUNT = 0xFFFF


def gossip_settings(beacon_id: int, peers: Sequence[str], strict: bool = False) -> List[str]:
    """--set overrides: a 1 s gossip period, a 3 s route TTL, no reply
    budget (many Discovers from one client IP), a small node table."""
    listed = ", ".join(f'"{p}"' for p in peers)
    return [
        f"beacon.beacon_id={beacon_id}",
        f"beacon.peers=[{listed}]",
        f"beacon.strict_gossip={'true' if strict else 'false'}",
        f"beacon.timers.gossip_interval_s={GOSSIP_INTERVAL_S}",
        f"beacon.timers.peer_route_ttl_s={ROUTE_TTL_S}",
        "beacon.limits.reply_per_source_per_s=0",
        "beacon.max_nodes=100000",
    ]


@dataclass
class Trailer:
    flags: int
    generation: int
    part: int
    parts: int


@dataclass
class GossipDatagram:
    """A Sync as a Go beacon reads it (sync is None when Go would ignore
    it), and our trailer when there is one."""
    data: bytes
    sync: Optional[w.Sync]
    trailer: Optional[Trailer]

    @property
    def is_hello(self) -> bool:
        return self.sync is None and self.trailer is not None and bool(self.trailer.flags & FLAG_HELLO)


def read_trailer(data: bytes, at: int) -> Optional[Trailer]:
    tail = data[at:]
    if len(tail) < TRAILER_SIZE or tail[:4] != TRAILER_MAGIC or tail[4] < 1:
        return None
    flags = tail[5]
    generation, part, parts = struct.unpack_from("!III", tail, 8)
    return Trailer(flags, generation, part, parts)


def read_gossip(data: bytes) -> GossipDatagram:
    if not data or data[0] != w.SYNC or len(data) < 7:
        raise AssertionError(f"not a Sync: {w.message_name(data)}")
    (count,) = struct.unpack_from("!H", data, 5)
    if len(data) < 7 + 4 * count:   # a Go beacon ignores it (PROTOCOL.md section 3)
        return GossipDatagram(data, None, read_trailer(data, 7) if count == HELLO_COUNT else None)
    return GossipDatagram(data, w.decode(data, strict=False), read_trailer(data, 7 + 4 * count))


class PeerSocket:
    """A Go-shaped peer beacon: one kernel UDP socket that receives our Syncs
    and sends its own."""

    def __init__(self, sock: socket.socket, beacon: Tuple[str, int]):
        self.sock = sock
        self.beacon = beacon

    def send_sync(self, beacon_id: int, ids: Sequence[int]) -> None:
        self.sock.sendto(w.Sync(beacon_id, tuple(ids)).encode(), self.beacon)

    def send(self, data: bytes) -> None:
        self.sock.sendto(data, self.beacon)

    def receive(self, timeout: float) -> Optional[Tuple[bytes, tuple]]:
        self.sock.settimeout(max(timeout, 0.001))
        try:
            return self.sock.recvfrom(1 << 17)
        except socket.timeout:
            return None

    def gossip_for(self, seconds: float) -> List[Tuple[float, GossipDatagram]]:
        """Every Sync from the beacon during `seconds`, with its arrival time."""
        out = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            got = self.receive(left)
            if got is None:
                break
            data, source = got
            if data[:1] == bytes([w.SYNC]) and (bh.normalise(source[0]), source[1]) == self.beacon:
                out.append((time.monotonic(), read_gossip(data)))
        return out

    def next_non_sync(self, timeout: float) -> Optional[Tuple[bytes, tuple]]:
        """The next datagram that is not one of the periodic Syncs, or None."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            got = self.receive(left)
            if got is None:
                return None
            if got[0][:1] != bytes([w.SYNC]):
                return got
        return None

    def drain(self) -> None:
        while self.receive(0.001) is not None:
            pass
