"""flood_run — one unpaced pilot-pktgen hostile flood against a BeaconEnv's
beacon, and the beacon counters each kind of frame it sent must move.

`flood(env, ...)` runs pilot-pktgen in the namespace (hostile-mix.yaml with
overrides: the given family, variants, victims, mix and duration, no
warm-up, the beacon's MAC given so no ARP of its own) and returns the JSON
report's run.

`KernelNeighbourTraffic(env)` records the ARP and ICMPv6 frames the
namespace's kernel sends (the beacon counts those too).

`expected(run, family)` maps the run's counts (per hostile variant, and
not-found relays and PunchRequests) to the beacon counters they must move,
as {(metric, labels): frames}; `PUNCH` is checked apart (granted requests
send two PunchCommands).
"""

import ctypes
import ipaddress
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
from typing import Dict, List, Sequence, Tuple

import beacon_harness as bh
from test_pktgen_smoke import pktgen_lcores, pktgen_path

DAEMONS = 64
# Every hostile variant, in pktgen/scenario.hpp's order.
VARIANTS = ["empty_payload", "type_only", "truncated_relay", "unknown_type", "reply_types", "sync_from_stranger",
            "sync_count_mismatch", "bad_udp_checksum", "bad_ip_checksum", "ip_length_overrun",
            "udp_length_mismatch", "wrong_port", "orphan_fragment", "short_discover", "arp_flood",
            "overlapping_fragment", "spoofed_discover", "spoofed_punch"]
FRAGMENT_VARIANTS = ["orphan_fragment", "overlapping_fragment"]
AF_PACKET_FRAMES = 8192

Key = Tuple[str, Tuple[Tuple[str, str], ...]]
_floods = 0


def key(metric: str, **labels: str) -> Key:
    return ("pilot_beacon_" + metric, tuple(sorted(labels.items())))


def flood(env: bh.BeaconEnv, v6: bool, seconds: float, variants: Sequence[str], victims: Sequence[int],
          mix: str, name: str, rate_pps: int = 0) -> Dict:
    prefix = f"pkflood-{os.getpid()}-{name}"
    out_dir = tempfile.mkdtemp(prefix="pkflood-")
    report_path = os.path.join(out_dir, "report.json")
    beacon = env.beacon_ipv6 if v6 else env.beacon_ipv4
    # Each flood's daemons have ids of their own: ids registered by an earlier
    # flood from other endpoints would not move for 30 s (PROTOCOL.md §3).
    global _floods
    _floods += 1
    first = str(env.subnet6[0x100]) if v6 else str(env.subnet4[100])
    sets = [f"port.device=net_af_packet1,iface={env.veth_client},qpairs=1,framecnt={AF_PACKET_FRAMES}",
            f"dpdk.file_prefix={prefix}", f"dpdk.lcores={pktgen_lcores()}", f"beacon.address={beacon}",
            f"beacon.mac={env.beacon_mac}", f"daemons.addresses.first={first}", f"daemons.count={DAEMONS}",
            f"daemons.node_ids.first={1_000_000 * (1 + _floods)}",
            "daemons.addresses.count=8", "daemons.ports.count=8", f"traffic.mix={mix}",
            "traffic.hostile.variants=[" + ",".join(variants) + "]",
            "traffic.hostile.victims=[" + ",".join(str(v) for v in victims) + "]",
            "ramp.enabled=false", f"load.rate_pps={rate_pps}", f"load.duration_s={seconds}", "load.warmup_s=0",
            "load.drain_ms=300"]
    command = ["ip", "netns", "exec", env.netns, pktgen_path(), "--scenario",
               os.path.join(bh.repo_root(), "pktgen", "scenarios", "hostile-mix.yaml"), "--json", report_path,
               "--quiet"]
    for s in sets:
        command += ["--set", s]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60,
                              stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise AssertionError(f"pilot-pktgen failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr}")
        with open(report_path) as f:
            report = json.load(f)
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
        shutil.rmtree(os.path.join(bh.DPDK_RUNTIME_DIR, prefix), ignore_errors=True)
    if report["registered"] != DAEMONS:
        raise AssertionError(f"pilot-pktgen registered {report['registered']} of {DAEMONS} daemons")
    return report["runs"][-1]


SO_ATTACH_FILTER = 26
ETH_P_ALL = 0x0003


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(_SockFilter))]


class KernelNeighbourTraffic:
    """What the namespace's kernel itself sends towards the beacon beside the
    daemons' UDP: ARP and ICMPv6 (ND, MLD) frames from the veth end's MAC,
    seen by a packet socket in the namespace whose classic BPF filter keeps
    only those (pilot-pktgen's ARP / ND floods use spoofed MACs), so a
    flood cannot fill its buffer. `counts()` maps them to the beacon
    counters they move."""

    def __init__(self, env: bh.BeaconEnv):
        link = json.loads(bh.run(["ip", "-n", env.netns, "-j", "link", "show", env.veth_client]).stdout)[0]
        mac = bytes.fromhex(link["address"].replace(":", ""))
        self.beacon4 = socket.inet_aton(env.beacon_ipv4)
        self.beacon6 = socket.inet_pton(socket.AF_INET6, env.beacon_ipv6)
        beacon_mac = bytes.fromhex(env.beacon_mac.replace(":", ""))  # its link-local address: EUI-64 of the MAC
        self.link_local6 = b"\xfe\x80" + bytes(6) + bytes([beacon_mac[0] ^ 2]) + beacon_mac[1:3] + b"\xff\xfe" + \
            beacon_mac[3:]
        ld_b, ld_h, ld_w, jeq, ret = 0x30, 0x28, 0x20, 0x15, 0x06
        program = [(ld_w, 0, 0, 8), (jeq, 0, 8, struct.unpack("!I", mac[2:])[0]),   # 0-1 from our MAC
                   (ld_h, 0, 0, 6), (jeq, 0, 6, struct.unpack("!H", mac[:2])[0]),   # 2-3
                   (ld_h, 0, 0, 12), (jeq, 5, 0, 0x0806),                           # 4-5 ARP: keep
                   (jeq, 0, 3, 0x86dd),                                             # 6 IPv6 ...
                   (ld_b, 0, 0, 20), (jeq, 2, 0, 58),                               # 7-8 ... ICMPv6: keep
                   (jeq, 1, 0, 0),                                                  # 9 ... hop-by-hop (MLD): keep
                   (ret, 0, 0, 0), (ret, 0, 0, 0xffff)]                             # 10 drop, 11 keep
        self._filters = (_SockFilter * len(program))(*[_SockFilter(*i) for i in program])
        self.sock = env.ns_socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.sock.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, bytes(_SockFprog(len(program), self._filters)))
        self.sock.bind((env.veth_client, ETH_P_ALL))
        self.sock.setblocking(False)
        self.frames: List[bytes] = []

    def restart(self) -> None:
        """Forget what was captured so far (the counts start again from here)."""
        self.take()
        self.frames = []

    def take(self) -> None:
        while True:
            try:
                self.frames.append(self.sock.recv(256))
            except BlockingIOError:
                return

    def counts(self) -> Dict[Key, int]:
        self.take()
        out: Dict[Key, int] = {}
        for f in self.frames:
            k = self._counter(f)
            out[k] = out.get(k, 0) + 1
        return out

    def _counter(self, f: bytes) -> Key:
        """The beacon counter a frame moves, as the dataplane decides (dataplane/arp.cpp, ipv6_input.cpp)."""
        if f[12:14] == b"\x08\x06":
            if f[38:42] != self.beacon4:
                return key("arp_dropped_total", reason="not_for_us")
            opcode = f[20:22]
            if opcode == b"\x00\x01":
                return key("arp_replied_total")
            return key("arp_replies_punted_total") if opcode == b"\x00\x02" else key("arp_dropped_total",
                                                                                         reason="malformed")
        dst, next_header = f[38:54], f[20]
        if not self._addressed_to_beacon(dst):  # e.g. an MLD report (to ff02::16, behind a hop-by-hop header)
            return key("ip_dropped_total", reason="not_for_us")
        if next_header != 58:
            return key("ip_dropped_total", reason="other_protocol")
        icmp_type = f[54]
        if icmp_type == 135:  # a Neighbour Solicitation
            return key("nd_advert_sent_total") if f[62:78] == self.beacon6 else key("icmp6_dropped_total",
                                                                                     reason="not_handled")
        if icmp_type == 136:
            return key("nd_adverts_punted_total")
        if icmp_type == 128 and dst == self.beacon6:
            return key("icmp6_echo_replied_total")
        return key("icmp6_dropped_total", reason="not_handled")

    def _addressed_to_beacon(self, dst: bytes) -> bool:
        solicited = b"\xff\x02" + bytes(9) + b"\x01\xff"
        return (dst == self.beacon6 or dst == socket.inet_pton(socket.AF_INET6, "ff02::1") or
                (dst[:13] == solicited and dst[13:] in (self.beacon6[13:], self.link_local6[13:])))


def arp_shares(n: int) -> List[int]:
    """arp_flood frames by shape (index mod 3) when one worker sent n of them."""
    return [(n + 2) // 3, (n + 1) // 3, n // 3]


def expected(run: Dict, v6: bool) -> Dict[Key, int]:
    """{beacon counter: frames that must have moved it} for one flood."""
    v = run["sent_hostile_variant"]
    c = run["counters"]
    arp = arp_shares(v["arp_flood"])
    out = {
        key("beacon_dropped_total", reason="empty"): v["empty_payload"],
        key("beacon_dropped_total", reason="unknown_type"): v["unknown_type"] + v["reply_types"],
        key("sync_received_total"): v["sync_from_stranger"] + v["sync_count_mismatch"],
        MALFORMED: v["type_only"] + v["truncated_relay"] + v["short_discover"],
        key("udp_dropped_total", reason="bad_checksum"): v["bad_udp_checksum"] + (v["bad_ip_checksum"] if v6 else 0),
        key("ip_dropped_total", reason="bad_checksum"): 0 if v6 else v["bad_ip_checksum"],
        key("ip_dropped_total", reason="malformed"): v["ip_length_overrun"],
        key("udp_dropped_total", reason="malformed"): v["udp_length_mismatch"],
        key("udp_dropped_total", reason="other_port"): v["wrong_port"],
        key("frag_fragments_total"): v["orphan_fragment"] + v["overlapping_fragment"],
        FRAGMENT_OUTCOMES: v["orphan_fragment"] + v["overlapping_fragment"],
        key("discover_endpoint_kept_total", reason="interval"): v["spoofed_discover"],
        key("relay_not_found_total"): c["sent_not_found"],
        PUNCH: c["sent_punch"] + v["spoofed_punch"],
    }
    if v6:
        out.update({key("nd_advert_sent_total"): arp[0], key("ip_dropped_total", reason="not_for_us"): arp[1],
                    key("nd_adverts_punted_total"): arp[2]})
    else:
        out.update({key("arp_replied_total"): arp[0], key("arp_dropped_total", reason="not_for_us"): arp[1],
                    key("arp_replies_punted_total"): arp[2]})
    return out


# Counts the same frames as another key (FRAGMENT_OUTCOMES): left out where lost frames are added up.
SAME_FRAMES = {key("frag_fragments_total")}

# Sums of several beacon counters, computed by counted() below.
MALFORMED = ("malformed messages", ())
FRAGMENT_OUTCOMES = ("fragment outcomes", ())
PUNCH = ("PunchRequest outcomes", ())


def counted(get, k: Key) -> int:
    """The beacon's figure for key `k`; get(metric, **labels) reads one counter (summed over lcores)."""
    if k == MALFORMED:
        return sum(get("pilot_beacon_" + m, reason="malformed") for m in
                   ("discover_dropped_total", "punch_dropped_total", "relay_dropped_total"))
    if k == FRAGMENT_OUTCOMES:
        # Each fragment is refused alone, or abandoned with its datagram: an
        # overlapping pair (two fragments), any other datagram here holds one.
        refused = sum(get("pilot_beacon_frag_fragment_dropped_total", reason=r) for r in
                      ("malformed", "other_protocol", "misaligned", "too_big", "tiny_first", "duplicate"))
        single = sum(get("pilot_beacon_frag_datagram_dropped_total", reason=r) for r in
                     ("inconsistent_length", "too_many_fragments", "timeout", "table_full", "mbuf_limit"))
        return refused + single + 2 * get("pilot_beacon_frag_datagram_dropped_total", reason="overlap")
    if k == PUNCH:
        # Requests refused, plus those granted (two PunchCommands each: both peers are known).
        refused = sum(get("pilot_beacon_punch_dropped_total", reason=r) for r in
                      ("rate_global", "rate_source", "unauthorised", "not_found", "no_mbuf"))
        return refused + get("pilot_beacon_punch_commands_sent_total") // 2
    return get(k[0], **dict(k[1]))
