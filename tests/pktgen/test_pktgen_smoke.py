"""test_pktgen_smoke — pilot-pktgen against the real pilot-beacond, end to end.

The beacon runs on net_af_packet on one end of a veth pair (the e2e
harness's BeaconEnv); pilot-pktgen runs inside the namespace on the other
end, on net_af_packet too, playing 64 daemons: it resolves the beacon's MAC,
registers them, relays at a modest rate for a few seconds and writes its
report as JSON. Asserts that relays were delivered, loss stayed under a
generous bound and nothing hostile came back. Bounded to about 20 s.

Environment: PILOT_PKTGEN (pilot-pktgen; ctest sets it), and the harness's
PILOT_BEACOND / PILOT_REPO_ROOT.
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

import beacon_harness as bh

RATE_PPS = 5000
SECONDS = 3
MAX_LOSS = 0.05  # generous: the 2-CPU box is shared with whatever else runs


def pktgen_path() -> str:
    path = os.environ.get("PILOT_PKTGEN") or os.path.join(bh.repo_root(), "build", "pktgen", "pilot-pktgen")
    if not os.access(path, os.X_OK):
        raise bh.HarnessError(f"pilot-pktgen not found at {path} (set PILOT_PKTGEN or build the pilot-pktgen target)")
    return path


def pktgen_lcores() -> str:
    """Main lcore and one worker on the first CPU: the beacon's worker has the second."""
    cpu = sorted(os.sched_getaffinity(0))[0]
    return f"0@{cpu},1@{cpu}"


class PktgenSmoke(bh.BeaconTestCase):
    beacon_options = {"queues": 1,
                      "extra_set": ["beacon.limits.reply_per_source_per_s=0", "log.level=info"]}

    def test_relays_are_delivered(self):
        env = self.env
        prefix = f"pktgen-smoke-{os.getpid()}"
        out_dir = tempfile.mkdtemp(prefix="pktgen-smoke-")
        report_path = os.path.join(out_dir, "report.json")
        command = ["ip", "netns", "exec", env.netns, pktgen_path(),
                   "--scenario", os.path.join(bh.repo_root(), "pktgen", "scenarios", "relay-64B.yaml"),
                   "--set", f"port.device=net_af_packet1,iface={env.veth_client},qpairs=1",
                   "--set", f"dpdk.file_prefix={prefix}",
                   "--set", f"dpdk.lcores={pktgen_lcores()}",
                   "--set", f"beacon.address={env.beacon_ipv4}",
                   "--set", f"daemons.addresses.first={env.subnet4[100]}",
                   "--set", "daemons.count=64", "--set", "daemons.addresses.count=8",
                   "--set", "ramp.enabled=false", "--set", f"load.rate_pps={RATE_PPS}",
                   "--set", f"load.duration_s={SECONDS}", "--set", "load.warmup_s=0.5",
                   "--json", report_path, "--quiet"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60,
                                  stdin=subprocess.DEVNULL)
            self.assertEqual(done.returncode, 0, f"pilot-pktgen failed:\n{done.stdout}\n{done.stderr}")
            with open(report_path) as f:
                report = json.load(f)
        finally:
            shutil.rmtree(out_dir, ignore_errors=True)
            shutil.rmtree(os.path.join(bh.DPDK_RUNTIME_DIR, prefix), ignore_errors=True)
        self.assertEqual(report["registered"], 64)
        run = report["runs"][-1]
        counters = run["counters"]
        self.assertGreater(counters["sent_relay"], RATE_PPS * SECONDS // 4, done.stdout)
        self.assertGreater(run["sequence"]["unique"], 0, done.stdout)
        self.assertLess(run["relay_loss"], MAX_LOSS, done.stdout)
        self.assertEqual(run["sequence"]["duplicates"], 0)
        self.assertEqual(counters["rx_relay_forbidden"], 0)
        self.assertGreater(run["relay_latency"]["count"], 0)
        self.assertGreater(run["relay_latency"]["p99_ns"], 0)


if __name__ == "__main__":
    unittest.main()
