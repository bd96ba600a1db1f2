"""pilot_wire — the Pilot beacon wire format (PROTOCOL.md section 1), in Python.

Written from the protocol text alone, independently of the C++ codec in
common/wire/, so that the end-to-end tests cross-check the two: a message
this module encodes must be understood by pilot-beacond, and every reply
pilot-beacond sends must decode here exactly.

All integers are big-endian; one UDP datagram carries one message, the
first byte is its type. Endpoints are (ip_text, port) tuples: IPv4 is
always carried with iplen 4 (an IPv4-mapped IPv6 address is encoded as its
4-byte form), IPv6 with iplen 16.

Only the standard library is used.
"""

import ipaddress
import struct
from dataclasses import dataclass
from typing import Optional, Tuple, Union

# Type bytes (PROTOCOL.md section 1).
DISCOVER = 0x01
DISCOVER_REPLY = 0x02
PUNCH_REQUEST = 0x03
PUNCH_COMMAND = 0x04
RELAY = 0x05
RELAY_DELIVER = 0x06
SYNC = 0x07
DISCOVER_EX = 0x08
RELAY_DELIVER_DEST = 0x09

TYPE_NAMES = {
    DISCOVER: "Discover",
    DISCOVER_REPLY: "DiscoverReply",
    PUNCH_REQUEST: "PunchRequest",
    PUNCH_COMMAND: "PunchCommand",
    RELAY: "Relay",
    RELAY_DELIVER: "RelayDeliver",
    SYNC: "Sync",
    DISCOVER_EX: "DiscoverEx",
    RELAY_DELIVER_DEST: "RelayDeliverDest",
}

PUBKEY_LEN = 32       # Ed25519 public key
GRANT_SIG_LEN = 64    # Ed25519 signature
GRANT_TRAILER_LEN = 8 + GRANT_SIG_LEN
MAX_RELAY_PAYLOAD = 65535
MAX_ID = 0xFFFFFFFF
MAX_SYNC_COUNT = 0xFFFF

Endpoint = Tuple[str, int]


class WireError(ValueError):
    """A datagram that is not a well-formed message of the expected kind."""


# --------------------------------------------------------------------------
# Endpoints: iplen(1) ip(iplen) port(2)

def _check_id(value: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_ID:
        raise WireError(f"{what} {value!r} is not a 32-bit unsigned integer")
    return value


def _check_port(port: int) -> int:
    if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 0xFFFF:
        raise WireError(f"port {port!r} is not a 16-bit unsigned integer")
    return port


def encode_endpoint(ip: str, port: int) -> bytes:
    """iplen, ip, port. IPv4 and IPv4-mapped IPv6 give iplen 4."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError as exc:
        raise WireError(f"bad IP address {ip!r}") from exc
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    raw = addr.packed
    return bytes([len(raw)]) + raw + struct.pack("!H", _check_port(port))


def decode_endpoint(body: bytes, exact: bool = True) -> Tuple[Endpoint, int]:
    """Returns ((ip_text, port), bytes consumed). iplen must be 4 or 16."""
    if len(body) < 1:
        raise WireError("endpoint: missing iplen")
    iplen = body[0]
    if iplen not in (4, 16):
        raise WireError(f"endpoint: iplen {iplen} is neither 4 nor 16")
    need = 1 + iplen + 2
    if len(body) < need:
        raise WireError(f"endpoint: {len(body)} bytes, iplen {iplen} needs {need}")
    if exact and len(body) != need:
        raise WireError(f"endpoint: {len(body) - need} trailing bytes")
    raw = bytes(body[1:1 + iplen])
    ip = str(ipaddress.IPv4Address(raw) if iplen == 4 else ipaddress.IPv6Address(raw))
    (port,) = struct.unpack_from("!H", body, 1 + iplen)
    return (ip, port), need


def normalise_ip(ip: str) -> str:
    """The text form the decoder produces for ip: mapped IPv4 folded to IPv4,
    IPv6 compressed, scope ids removed. Use it to compare endpoints."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return str(addr)


# --------------------------------------------------------------------------
# Messages

@dataclass(frozen=True)
class Discover:
    """0x01 Discover / 0x08 DiscoverEx: id(4) [pubkey(32)]."""
    node_id: int
    pubkey: Optional[bytes] = None
    ex: bool = False          # True: DiscoverEx (wants RelayDeliverDest)
    extra: bytes = b""        # bytes after id/pubkey, ignored by the beacon

    def encode(self) -> bytes:
        out = bytes([DISCOVER_EX if self.ex else DISCOVER]) + struct.pack("!I", _check_id(self.node_id, "node id"))
        if self.pubkey is not None:
            if len(self.pubkey) != PUBKEY_LEN:
                raise WireError(f"pubkey is {len(self.pubkey)} bytes, not {PUBKEY_LEN}")
            out += bytes(self.pubkey)
        elif self.extra:
            # With no key, more than 31 extra bytes would be read as a key.
            if len(self.extra) >= PUBKEY_LEN:
                raise WireError("extra bytes without a pubkey would be read as a pubkey")
        return out + bytes(self.extra)


@dataclass(frozen=True)
class DiscoverReply:
    """0x02: iplen(1) ip port(2) — the observed source of the Discover."""
    ip: str
    port: int

    @property
    def endpoint(self) -> Endpoint:
        return (self.ip, self.port)

    @property
    def iplen(self) -> int:
        return 4 if ipaddress.ip_address(normalise_ip(self.ip)).version == 4 else 16

    def encode(self) -> bytes:
        return bytes([DISCOVER_REPLY]) + encode_endpoint(self.ip, self.port)


@dataclass(frozen=True)
class PunchRequest:
    """0x03: requester_id(4) target_id(4) [expiry(8) sig(64)]."""
    requester_id: int
    target_id: int
    expiry: Optional[int] = None      # unix seconds; with sig, the grant trailer
    sig: Optional[bytes] = None

    @property
    def has_grant(self) -> bool:
        return self.expiry is not None

    def encode(self) -> bytes:
        out = bytes([PUNCH_REQUEST]) + struct.pack(
            "!II", _check_id(self.requester_id, "requester id"), _check_id(self.target_id, "target id"))
        if (self.expiry is None) != (self.sig is None):
            raise WireError("a grant trailer needs both expiry and sig")
        if self.expiry is not None:
            if not 0 <= self.expiry <= 0xFFFFFFFFFFFFFFFF:
                raise WireError(f"expiry {self.expiry} is not a 64-bit unsigned integer")
            if len(self.sig) != GRANT_SIG_LEN:
                raise WireError(f"signature is {len(self.sig)} bytes, not {GRANT_SIG_LEN}")
            out += struct.pack("!Q", self.expiry) + bytes(self.sig)
        return out


def punch_grant_text(requester_id: int, target_id: int, expiry: int) -> bytes:
    """The ASCII text a grant signature covers (PROTOCOL.md 3, PunchRequest)."""
    return f"punch-grant:{requester_id}:{target_id}:{expiry}".encode("ascii")


@dataclass(frozen=True)
class PunchCommand:
    """0x04: iplen(1) ip port(2) — the endpoint the receiver must send to."""
    ip: str
    port: int

    @property
    def endpoint(self) -> Endpoint:
        return (self.ip, self.port)

    def encode(self) -> bytes:
        return bytes([PUNCH_COMMAND]) + encode_endpoint(self.ip, self.port)


@dataclass(frozen=True)
class Relay:
    """0x05: sender_id(4) dest_id(4) payload."""
    sender_id: int
    dest_id: int
    payload: bytes = b""

    def encode(self) -> bytes:
        return bytes([RELAY]) + struct.pack(
            "!II", _check_id(self.sender_id, "sender id"), _check_id(self.dest_id, "dest id")) + bytes(self.payload)


@dataclass(frozen=True)
class RelayDeliver:
    """0x06: sender_id(4) payload."""
    sender_id: int
    payload: bytes = b""

    def encode(self) -> bytes:
        return bytes([RELAY_DELIVER]) + struct.pack("!I", _check_id(self.sender_id, "sender id")) + bytes(self.payload)


@dataclass(frozen=True)
class RelayDeliverDest:
    """0x09: sender_id(4) dest_id(4) payload."""
    sender_id: int
    dest_id: int
    payload: bytes = b""

    def encode(self) -> bytes:
        return bytes([RELAY_DELIVER_DEST]) + struct.pack(
            "!II", _check_id(self.sender_id, "sender id"), _check_id(self.dest_id, "dest id")) + bytes(self.payload)


@dataclass(frozen=True)
class Sync:
    """0x07: beacon_id(4) count(2) id(4) x count."""
    beacon_id: int
    ids: Tuple[int, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "ids", tuple(self.ids))

    def encode(self) -> bytes:
        if len(self.ids) > MAX_SYNC_COUNT:
            raise WireError(f"{len(self.ids)} ids do not fit a 16-bit count")
        out = bytes([SYNC]) + struct.pack("!IH", _check_id(self.beacon_id, "beacon id"), len(self.ids))
        return out + b"".join(struct.pack("!I", _check_id(i, "node id")) for i in self.ids)


Message = Union[Discover, DiscoverReply, PunchRequest, PunchCommand, Relay, RelayDeliver, RelayDeliverDest, Sync]


def encode(message: Message) -> bytes:
    return message.encode()


# --------------------------------------------------------------------------
# Decoding
#
# strict=True (the default) is for checking what the beacon sends: the
# datagram must be exactly the message, no byte more or less. strict=False
# applies the beacon's own acceptance rules of PROTOCOL.md section 3
# (extra bytes after a Discover ignored, an incomplete grant trailer read as
# no trailer, a Sync longer than its count accepted).

def decode(data: bytes, strict: bool = True) -> Message:
    data = bytes(data)
    if not data:
        raise WireError("empty datagram")
    kind, body = data[0], data[1:]
    name = TYPE_NAMES.get(kind)
    if name is None:
        raise WireError(f"unknown message type 0x{kind:02x}")

    if kind in (DISCOVER, DISCOVER_EX):
        if len(body) < 4:
            raise WireError(f"{name}: {len(body)} bytes after the type, need 4")
        (node_id,) = struct.unpack_from("!I", body)
        rest = body[4:]
        pubkey = rest[:PUBKEY_LEN] if len(rest) >= PUBKEY_LEN else None
        extra = rest[PUBKEY_LEN:] if pubkey is not None else rest
        if strict and extra:
            raise WireError(f"{name}: {len(extra)} unexpected trailing bytes")
        return Discover(node_id, pubkey, kind == DISCOVER_EX, extra)

    if kind in (DISCOVER_REPLY, PUNCH_COMMAND):
        (ip, port), _ = decode_endpoint(body, exact=strict)
        return DiscoverReply(ip, port) if kind == DISCOVER_REPLY else PunchCommand(ip, port)

    if kind == PUNCH_REQUEST:
        if len(body) < 8:
            raise WireError(f"{name}: {len(body)} bytes after the type, need 8")
        requester, target = struct.unpack_from("!II", body)
        rest = body[8:]
        if len(rest) >= GRANT_TRAILER_LEN:
            (expiry,) = struct.unpack_from("!Q", rest)
            sig = rest[8:8 + GRANT_SIG_LEN]
            if strict and len(rest) != GRANT_TRAILER_LEN:
                raise WireError(f"{name}: {len(rest) - GRANT_TRAILER_LEN} bytes after the grant trailer")
            return PunchRequest(requester, target, expiry, sig)
        if strict and rest:
            raise WireError(f"{name}: incomplete grant trailer ({len(rest)} of {GRANT_TRAILER_LEN} bytes)")
        return PunchRequest(requester, target)

    if kind in (RELAY, RELAY_DELIVER_DEST):
        if len(body) < 8:
            raise WireError(f"{name}: {len(body)} bytes after the type, need 8")
        sender, dest = struct.unpack_from("!II", body)
        payload = body[8:]
        if len(payload) > MAX_RELAY_PAYLOAD:
            raise WireError(f"{name}: payload of {len(payload)} bytes is over {MAX_RELAY_PAYLOAD}")
        return Relay(sender, dest, payload) if kind == RELAY else RelayDeliverDest(sender, dest, payload)

    if kind == RELAY_DELIVER:
        if len(body) < 4:
            raise WireError(f"{name}: {len(body)} bytes after the type, need 4")
        (sender,) = struct.unpack_from("!I", body)
        payload = body[4:]
        if len(payload) > MAX_RELAY_PAYLOAD:
            raise WireError(f"{name}: payload of {len(payload)} bytes is over {MAX_RELAY_PAYLOAD}")
        return RelayDeliver(sender, payload)

    # SYNC
    if len(body) < 6:
        raise WireError(f"{name}: {len(body)} bytes after the type, need 6")
    beacon_id, count = struct.unpack_from("!IH", body)
    need = 6 + 4 * count
    if len(body) < need:
        raise WireError(f"{name}: count {count} needs {need} bytes after the type, got {len(body)}")
    if strict and len(body) != need:
        raise WireError(f"{name}: {len(body) - need} trailing bytes after {count} ids")
    ids = struct.unpack_from(f"!{count}I", body, 6) if count else ()
    return Sync(beacon_id, ids)


def message_name(data: bytes) -> str:
    """A short description of a datagram, for assertion messages."""
    if not data:
        return "empty datagram"
    name = TYPE_NAMES.get(data[0], f"type 0x{data[0]:02x}")
    return f"{name} ({len(data)} bytes)"
