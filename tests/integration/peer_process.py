"""peer_process — a Go-shaped peer beacon as a process of its own inside a
test namespace, so that a test can SIGKILL it (the peer vanishes: its
socket is gone) or SIGSTOP it (it blackholes: the socket still takes
datagrams, nothing is sent or read) and start it again.

The process sends one Sync (fixed ids) every 0.5 s to the beacon and prints
every datagram it receives that is not a Sync, hex, one per line.
Standard library only.
"""

import os
import select
import signal
import subprocess
import sys
import time
from typing import Optional, Sequence

import beacon_harness as bh
import pilot_wire as w

SYNC_PERIOD_S = 0.5

_PEER_CODE = r"""
import socket, sys, time
ip, port, beacon_ip, beacon_port, sync = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), bytes.fromhex(sys.argv[5])
period = float(sys.argv[6])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((ip, port))
s.settimeout(0.05)
next_sync = 0.0
while True:
    now = time.monotonic()
    if now >= next_sync:
        s.sendto(sync, (beacon_ip, beacon_port))
        next_sync = now + period
    try:
        data, _ = s.recvfrom(1 << 17)
    except (socket.timeout, ConnectionRefusedError):
        continue
    if data[:1] != sync[:1]:
        print(data.hex(), flush=True)
"""


class PeerProcess:
    """Announces `ids` as beacon `beacon_id` from env.client_ipv4[host]:9001."""

    def __init__(self, env: bh.BeaconEnv, host: int, beacon_id: int, ids: Sequence[int]):
        sync = w.Sync(beacon_id, tuple(ids)).encode()
        argv = ["ip", "netns", "exec", env.netns, sys.executable, "-c", _PEER_CODE, env.client_ipv4[host],
                str(bh.BEACON_PORT), env.beacon_ipv4, str(bh.BEACON_PORT), sync.hex(), str(SYNC_PERIOD_S)]
        # `ip netns exec` execs the interpreter: the PID is the peer's own.
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, bufsize=0,
                                     start_new_session=True)
        self._pending = b""

    def signal(self, sig: int) -> None:
        os.kill(self.proc.pid, sig)

    def kill(self) -> None:
        """SIGKILL, as a crashed or OOM-killed peer."""
        if self.proc.poll() is None:
            self.signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.proc.stdout.close()

    def next_datagram(self, timeout: float) -> Optional[bytes]:
        """The next non-Sync datagram the peer received, or None."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._pending:
            poller = select.poll()
            poller.register(self.proc.stdout, select.POLLIN)
            if not poller.poll(max(0, int((deadline - time.monotonic()) * 1000))):
                return None
            chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
            if not chunk:
                return None
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return bytes.fromhex(line.decode())

    def drain(self) -> None:
        while self.next_datagram(0.0) is not None:
            pass
