#!/usr/bin/env python3
"""bench_wss.py — WSS bridge throughput through a real pilot-beacond.

Starts the beacon as the end-to-end tests do (tests/integration's BeaconEnv:
veth + net_af_packet, 2 workers) with the bridge on 127.0.0.1:<free port>,
a pubkeys file for node ids 100000.. and the relay budget out of the way
(beacon.limits.relay_per_source_per_s=100000000: the default 4,000/s per
node id would be the figure otherwise), then runs wss_bench for each case: frames
relayed by each connection to itself (Relay in, RelayDeliver out — the
tier-0 path), through 1 connection and through 1,000. Root needed.

  python3 tests/wss/bench_wss.py [--build build-wss] [--seconds 5]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

import beacon_harness as bh  # noqa: E402

CASES = [  # (connections, payload bytes, frames in flight per connection per round)
    (1, 64, 64), (1, 1024, 64), (1, 16384, 32),
    (1000, 64, 8), (1000, 1024, 8), (1000, 16384, 2),
]


def main_thread_cpu_s(pid: int) -> float:
    """CPU seconds of the beacon's main thread (the control plane: the bridge)."""
    with open(f"/proc/{pid}/task/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(HERE, "..", "..", "build-wss"))
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    os.environ.setdefault("PILOT_BEACOND", os.path.join(build, "controlplane", "pilot-beacond"))
    bench = os.path.join(build, "tests", "wss", "wss_bench")
    with tempfile.TemporaryDirectory(prefix="pb-wss-bench-") as tmp:
        keys = os.path.join(tmp, "pubkeys.yaml")
        subprocess.run([bench, "pubkeys", keys, "--connections", "1000"], check=True)
        port = bh.free_tcp_port()
        sets = [f"control.wss.bind=127.0.0.1:{port}", f"control.wss.pubkeys_file={keys}",
                "beacon.limits.relay_per_source_per_s=100000000", "log.level=info"]
        with bh.BeaconEnv(extra_set=sets, log_dir=tmp) as env:
            print(f"# pilot-beacond {env.command[0]} (2 workers, af_packet), bridge on 127.0.0.1:{port}")
            for connections, size, window in CASES:
                cpu_before = main_thread_cpu_s(env.proc.pid)
                out = subprocess.run([bench, "run", "--port", str(port), "--connections", str(connections),
                                      "--size", str(size), "--window", str(window), "--seconds", str(args.seconds)],
                                     capture_output=True, text=True, timeout=600)
                if out.returncode != 0:
                    print(out.stdout + out.stderr, file=sys.stderr)
                    return 1
                result = json.loads(out.stdout.strip().splitlines()[-1])
                # The machine may be shared: what the bridge's thread did per CPU second it got.
                cpu = main_thread_cpu_s(env.proc.pid) - cpu_before
                result["bridge_cpu_s"] = round(cpu, 2)
                result["frames_per_bridge_cpu_s"] = round(result["frames"] / cpu) if cpu > 0 else None
                print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
