#!/usr/bin/env python3
"""soak.py — pilot-beacond under steady relay load for a long time.

One pilot-beacond (net_af_packet, one worker on CPU 1, the benchmark's
settings) on a fresh veth pair; pilot-pktgen (relay-64B: 1,024 daemons,
64-byte relays between random pairs) in the namespace:

  1. the rate: --rate-pps, or pilot-pktgen's rate search (highest rate with
     loss <= 0.1 %) in the same run, then --percent of it (default 80 %);
  2. the soak: that rate for --duration-s; every --sample-s the beacon's
     VmRSS / VmHWM (/proc/PID/status) and mbufs in use (/metrics);
  3. the verdict: the beacon still serving; VmRSS grown by at most
     --max-rss-growth-kib between the first sample after --settle-s and the
     end; mbufs in use back to the idle baseline; and the relays accounted
     for exactly: sent = delivered + the beacon's counted drops + frames the
     link dropped (veth drops, frames the beacon's veth end received but its
     port did not deliver, the generator port's counters).

    sudo pktgen/bench/soak.py --build build-floods --duration-s 600          # the documented soak
    sudo pktgen/bench/soak.py --build build-floods --duration-s 30 --rate-pps 20000   # CI (ctest e2e_soak_short)

Writes <out>/soak-summary.json (samples, figures, checks; pilot-pktgen's
report is <out>/soak.json) and prints a summary; exit
status 1 when a check fails. Needs root (namespaces, veth, DPDK).
"""

import argparse
import json
import os
import subprocess
import sys
import time
import types
from typing import Dict, List

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "integration"))
sys.path.insert(0, HERE)

import beacon_harness as bh  # noqa: E402
import link_stats as ls  # noqa: E402
import run as bench  # noqa: E402
import targets  # noqa: E402

SCENARIO = "relay-64B"
MBUF_SETTLE_S = 10


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default="build", help="build folder with pilot-beacond and pilot-pktgen")
    p.add_argument("--duration-s", type=float, default=600)
    p.add_argument("--rate-pps", type=int, default=0, help="soak rate; 0 = --percent of the searched max")
    p.add_argument("--percent", type=float, default=80)
    p.add_argument("--sample-s", type=float, default=10)
    p.add_argument("--settle-s", type=float, default=None, help="RSS reference time (default 10 %% of the run)")
    p.add_argument("--max-rss-growth-kib", type=int, default=1024)
    p.add_argument("--out", default=None, help="folder for soak.json and logs (default <build>/soak)")
    return p.parse_args()


def binaries(build: str) -> Dict[str, str]:
    found = {"beacond": os.environ.get("PILOT_BEACOND") or os.path.join(build, "controlplane", "pilot-beacond"),
             "pktgen": os.environ.get("PILOT_PKTGEN") or os.path.join(build, "pktgen", "pilot-pktgen")}
    missing = [p for p in found.values() if not os.access(p, os.X_OK)]
    if missing:
        sys.exit("soak.py: not built: " + ", ".join(missing))
    return found


def pktgen_command(bins, env, out: str, name: str, sets: List[str]) -> List[str]:
    options = types.SimpleNamespace(quick=False, nice=0)
    command = bench.pktgen_command(options, bins, SCENARIO, targets.af_packet_device(1, env.veth_client),
                                   env.beacon_ipv4, str(env.subnet4[100]), f"pksoak-{os.getpid()}-{name}",
                                   os.path.join(out, name))
    for s in sets + ["report.interval_s=10"]:
        command += ["--set", s]
    return command


def search_rate(bins, env, out: str) -> float:
    command = pktgen_command(bins, env, out, "ramp", ["ramp.trial_s=2", "ramp.max_trials=8",
                                                      "ramp.followup_percent=0", "load.warmup_s=0.5"])
    report = bench.run_pktgen(command, env.netns, os.path.join(out, "ramp.log"), f"pksoak-{os.getpid()}-ramp")
    return float(report["ramp"]["best_pps"])


def sample(env, started: float) -> Dict:
    c = ls.Counters(env)
    return dict(ls.memory(env.proc.pid), t_s=round(time.monotonic() - started, 1), mbufs_in_use=c.mbufs_in_use(),
                relay_forwarded=c.get("pilot_beacon_relay_forwarded_total", tier="local"),
                load1=round(os.getloadavg()[0], 2))


def soak(args, bins, env, out: str, rate: int) -> Dict:
    command = pktgen_command(bins, env, out, "soak", [
        "ramp.enabled=false", f"load.rate_pps={rate}", f"load.duration_s={args.duration_s}", "load.warmup_s=0",
        "load.drain_ms=1000", f"beacon.mac={env.beacon_mac}"])
    prefix = f"pksoak-{os.getpid()}-soak"
    before = ls.Counters(env)
    link_before = ls.LinkSnapshot(env, before)
    idle_mbufs = before.mbufs_in_use()
    started = time.monotonic()
    samples = [sample(env, started)]
    log_path = os.path.join(out, "soak.log")
    print("  $ " + " ".join(command), flush=True)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(["ip", "netns", "exec", env.netns] + command, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    deadline = started + args.duration_s + 120
    next_sample = started + args.sample_s
    try:
        while proc.poll() is None:
            if time.monotonic() > deadline:
                raise RuntimeError("pilot-pktgen did not finish in time")
            time.sleep(1)
            if time.monotonic() >= next_sample:
                next_sample += args.sample_s
                env.assert_running()
                samples.append(sample(env, started))
                print(f"  {samples[-1]}", flush=True)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        subprocess.run(["rm", "-rf", os.path.join(bh.DPDK_RUNTIME_DIR, prefix)], check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"pilot-pktgen failed ({proc.returncode}); log {log_path}")
    with open(os.path.join(out, "soak.json")) as f:
        report = json.load(f)["runs"][-1]
    mbufs_after = idle_mbufs + 1
    for _ in range(int(MBUF_SETTLE_S / 0.5)):
        after = ls.Counters(env)
        mbufs_after = after.mbufs_in_use()
        if mbufs_after <= idle_mbufs:
            break
        time.sleep(0.5)
    samples.append(sample(env, started))
    return {"report": report, "samples": samples, "idle_mbufs": idle_mbufs, "mbufs_after": mbufs_after,
            "before": before, "after": after, "link_lost": ls.link_lost(ls.LinkSnapshot(env, after), link_before)}


def accounting(result: Dict) -> Dict:
    """sent = delivered + the beacon's counted drops + the link's drops."""
    before, after, report = result["before"], result["after"], result["report"]
    c, port = report["counters"], report["port"]
    dropped = ls.family_delta(after, before, "pilot_beacon_relay_dropped_total")
    tx_dropped = ls.family_delta(after, before, "pilot_beacon_tx_dropped_total")
    a = {"sent": c["sent_relay"], "delivered": report["sequence"]["unique"],
         "duplicates": report["sequence"]["duplicates"],
         "beacon_received": ls.delta(after, before, "pilot_beacon_relay_received_total"),
         "beacon_forwarded": ls.delta(after, before, "pilot_beacon_relay_forwarded_total", tier="local"),
         "beacon_not_found": ls.delta(after, before, "pilot_beacon_relay_not_found_total"),
         "beacon_relay_dropped": dropped, "beacon_tx_dropped": tx_dropped,
         "link_drops": {"to_beacon": result["link_lost"], "pktgen_port": port["imissed"] + port["ierrors"] +
                        port["rx_nombuf"] + port["oerrors"]}}
    counted = a["beacon_not_found"] + sum(dropped.values()) + sum(tx_dropped.values())
    link = sum(a["link_drops"].values())
    a["beacon_consistent"] = a["beacon_received"] == a["beacon_forwarded"] + a["beacon_not_found"] + sum(
        dropped.values())
    # With no frame lost on the link every term is known: equality. A lost
    # frame may have been a relay or a keepalive, so then only a bound holds.
    a["exact"] = link == 0
    a["balanced"] = (a["sent"] == a["delivered"] + counted if link == 0 else
                     a["delivered"] + counted <= a["sent"] <= a["delivered"] + counted + link)
    return a


def verdict(args, result: Dict, acct: Dict, env) -> List[str]:
    problems = []
    if acct["duplicates"] or result["report"]["counters"]["rx_relay_forbidden"]:
        problems.append("duplicate or forbidden deliveries")
    if not acct["beacon_consistent"]:
        problems.append("beacon: relays received != forwarded + not found + dropped")
    if not acct["balanced"]:
        problems.append("relays sent != delivered + counted drops (+ link drops)")
    if result["mbufs_after"] > result["idle_mbufs"]:
        problems.append(f"mbufs in use {result['mbufs_after']} after the run, {result['idle_mbufs']} before")
    settle = args.settle_s if args.settle_s is not None else max(5.0, args.duration_s / 10)
    reference = next((s for s in result["samples"] if s["t_s"] >= settle), result["samples"][-1])
    growth = result["samples"][-1]["VmRSS"] - reference["VmRSS"]
    result["rss_growth_kib"], result["rss_reference"] = growth, reference
    if growth > args.max_rss_growth_kib:
        problems.append(f"VmRSS grew {growth} KiB after {reference['t_s']} s")
    if not env.is_running():
        problems.append("pilot-beacond is not running")
    return problems


def main() -> int:
    args = parse_args()
    bins = binaries(os.path.abspath(args.build))
    os.environ["PILOT_BEACOND"] = bins["beacond"]
    out = os.path.abspath(args.out or os.path.join(args.build, "soak"))
    os.makedirs(out, exist_ok=True)
    bh.check_prerequisites()
    load_start = os.getloadavg()
    with targets.dpdk_beacon("af_packet", bench.BEACON_CPU, out) as env:
        best = None
        if args.rate_pps:
            rate = args.rate_pps
        else:
            best = search_rate(bins, env, out)
            rate = int(best * args.percent / 100)
        print(f"soak: {rate} pps for {args.duration_s} s (max loss-free {best})", flush=True)
        result = soak(args, bins, env, out, rate)
        acct = accounting(result)
        problems = verdict(args, result, acct, env)
    summary = {"rate_pps": rate, "best_pps": best, "percent": args.percent, "duration_s": args.duration_s,
               "offered_pps": result["report"]["offered_pps"], "delivered_pps": result["report"]["delivered_pps"],
               "relay_loss": result["report"]["relay_loss"], "latency": result["report"]["relay_latency"],
               "accounting": acct, "idle_mbufs": result["idle_mbufs"], "mbufs_after": result["mbufs_after"],
               "rss_first": result["samples"][0], "rss_reference": result["rss_reference"],
               "rss_last": result["samples"][-1], "rss_growth_kib": result["rss_growth_kib"],
               "load_average_start": load_start, "load_average_end": os.getloadavg(),
               "samples": result["samples"], "problems": problems}
    with open(os.path.join(out, "soak-summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps({k: v for k, v in summary.items() if k != "samples"}, indent=1))
    print("soak: " + ("PASS" if not problems else "FAIL: " + "; ".join(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
