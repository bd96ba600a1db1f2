"""targets — the two beacons the benchmark measures, each with its veth pair.

Both reuse the e2e harness's BeaconEnv (tests/integration/beacon_harness.py):
unique namespace / veth / EAL prefix names, clean-up on failure, at exit and
of leftovers of dead runs.

- `dpdk_beacon(...)`: pilot-beacond on the root-namespace end of the veth
  (net_af_packet, or net_af_xdp for fragment scenarios); pilot-pktgen runs
  inside the namespace on the other end.
- `KernelBeaconEnv`: kernel-beacon (the kernel-socket baseline) on the
  namespace end's address, with kernel sockets; pilot-pktgen runs in the
  root namespace on the veth end the DPDK beacon would use.
"""

import os
import signal
import subprocess
import time
from typing import List

import beacon_harness as bh


def beacon_settings(cpu: int) -> List[str]:
    """--set overrides that turn pilot-beacond into a benchmark target: one
    worker pinned to `cpu`, no idle back-off, no per-source reply budget and
    no punch limits (the storms measure the beacon, not its limiters)."""
    return [f"dpdk.lcores=0@0,1@{cpu}",
            "dataplane.idle_backoff.enabled=false",
            "beacon.limits.reply_per_source_per_s=0",
            'beacon.punch_whitelist=["*"]',
            "log.level=info"]


# net_af_packet rings of 8,192 frames (16 MiB) instead of 512: as much
# buffering as the kernel baseline's 8 MiB socket buffers, so that a beacon or
# generator descheduled for a few milliseconds on the shared CPUs does not
# lose frames it would have handled.
AF_PACKET_FRAMES = 8192


def af_packet_device(n: int, iface: str) -> str:
    return f"net_af_packet{n},iface={iface},qpairs=1,framecnt={AF_PACKET_FRAMES}"


def af_xdp_device(n: int, iface: str) -> str:
    return f"net_af_xdp{n},iface={iface},start_queue=0,queue_count=1"


def dpdk_beacon(port_kind: str, cpu: int, log_dir: str) -> bh.BeaconEnv:
    env = bh.BeaconEnv(port_kind=port_kind, queues=1, extra_set=beacon_settings(cpu), log_dir=log_dir)
    if port_kind == "af_packet":  # the names are known now; the beacon starts on __enter__
        env.extra_set.append("port.device=" + af_packet_device(0, env.veth_beacon))
    return env


class KernelBeaconEnv(bh.BeaconEnv):
    """BeaconEnv whose beacon is kernel-beacon in the namespace: one thread
    pinned to `cpu`, listening on the namespace end's first IPv4 address."""

    def __init__(self, binary: str, cpu: int, threads: int = 1, **kwargs):
        super().__init__(**kwargs)
        self.kernel_binary = binary
        self.cpu = cpu
        self.threads = threads

    @property
    def target_ipv4(self) -> str:
        return self.client_ipv4[0]

    def _start_beacon(self) -> None:
        self.command = ["ip", "netns", "exec", self.netns, "taskset", "-c", str(self.cpu), self.kernel_binary,
                        "--listen", f"{self.target_ipv4}:{bh.BEACON_PORT}", "--threads", str(self.threads)]
        os.makedirs(self.log_dir, exist_ok=True)
        self._log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=self._log_file,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 10
        while "serving" not in self.log_text():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise bh.HarnessError(f"kernel-beacon did not start; log: {self.log_path}")
            time.sleep(0.05)

    def stop_beacon(self) -> List[str]:
        if self.proc is None:
            return []
        if self.exit_code is not None:  # stopped already
            return [] if self.exit_code == 0 else [f"kernel-beacon exited with {self.exit_code}"]
        if self.proc.poll() is not None:
            self.exit_code = self.proc.returncode
            return [f"kernel-beacon exited early ({self.exit_code})"]
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
            return ["kernel-beacon did not stop on SIGINT"]
        self.exit_code = self.proc.returncode
        return [] if self.exit_code == 0 else [f"kernel-beacon exited with {self.exit_code}"]

    def counters_line(self) -> str:
        lines = [l for l in self.log_text().splitlines() if "received=" in l]
        return lines[-1] if lines else ""
