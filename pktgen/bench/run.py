#!/usr/bin/env python3
"""run.py — the pilot-pktgen benchmark suite.

For every standard scenario (pktgen/scenarios/), against two beacons on the
same veth pair and the same CPUs:
  1. pilot-beacond (net_af_packet; net_af_xdp for the fragment scenario),
  2. kernel-beacon, the kernel-socket baseline (tests/bench/kernel_beacon),
runs pilot-pktgen's rate search (highest rate with loss ≤ the scenario's
threshold, then a run at 50 % of it for latency), keeps every JSON/CSV
report, draws delivered rate against latency (PNG, gnuplot) and rewrites the
pktgen rows of docs/benchmarks.md.

    sudo pktgen/bench/run.py --build build-pktgen            # everything (~15 min)
    sudo pktgen/bench/run.py --build build-pktgen --quick --scenarios relay-64B --no-docs

lcore layout on a 2-CPU machine (the CPUs are shared, so every figure is a
lower bound): pilot-beacond main lcore on CPU 0 and its one worker on CPU 1;
pilot-pktgen main and its one worker both on CPU 0; kernel-beacon one thread
on CPU 1 (the same CPU budget as the DPDK beacon's worker).
Needs root (namespaces, veth, DPDK), python3 and, for the plot, gnuplot.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from typing import Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "tests", "integration"))
sys.path.insert(0, HERE)

import beacon_harness as bh  # noqa: E402
import docs_table  # noqa: E402
import plot  # noqa: E402
import targets  # noqa: E402

SCENARIOS = ["relay-64B", "relay-1400B", "relay-4KiB-fragmented", "discover-storm", "punch-storm", "not-found",
             "hostile-mix"]
FRAGMENT_SCENARIOS = {"relay-4KiB-fragmented"}
BEACON_CPU = 1
PKTGEN_LCORES = "0@0,1@0"
PLOT_NAME = "pktgen-throughput-latency.png"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", required=True, help="build folder with pilot-beacond, pilot-pktgen, kernel-beacon")
    p.add_argument("--scenarios", default=",".join(SCENARIOS), help="comma-separated scenario names")
    p.add_argument("--out", default=None, help="folder for reports and logs (default: <build>/pktgen-bench)")
    p.add_argument("--quick", action="store_true", help="shorter trials and runs (a smoke pass, not figures)")
    p.add_argument("--no-baseline", action="store_true", help="skip the kernel-socket beacon")
    p.add_argument("--no-docs", action="store_true", help="leave docs/benchmarks.md and its plot alone")
    p.add_argument("--nice", type=int, default=0, help="run beacons and pktgen under nice -n N (e.g. -5)")
    p.add_argument("--reuse", action="store_true",
                   help="measure nothing: rebuild the summary, plot and docs from the reports already in --out")
    p.add_argument("--repeat", type=int, default=1,
                   help="measure each scenario and beacon N times, alternating beacons; report the median run")
    return p.parse_args()


def binaries(build: str) -> Dict[str, str]:
    found = {"beacond": os.path.join(build, "controlplane", "pilot-beacond"),
             "pktgen": os.path.join(build, "pktgen", "pilot-pktgen"),
             "kernel": os.path.join(build, "tests", "bench", "kernel_beacon", "kernel-beacon")}
    missing = [p for p in found.values() if not os.access(p, os.X_OK)]
    if missing:
        sys.exit("run.py: not built: " + ", ".join(missing) +
                 f"\n  ninja -C {build} pilot-beacond pilot-pktgen kernel-beacon")
    return found


def pktgen_command(args, bins, scenario: str, device: str, beacon_ip: str, daemon_first: str, prefix: str,
                   report: str) -> List[str]:
    sets = [f"port.device={device}", f"dpdk.lcores={PKTGEN_LCORES}", f"dpdk.file_prefix={prefix}",
            f"beacon.address={beacon_ip}", f"daemons.addresses.first={daemon_first}", "load.duration_s=5"]
    if args.quick:
        sets += ["ramp.trial_s=1", "ramp.max_trials=5", "load.duration_s=2", "load.warmup_s=0.5"]
    command = [bins["pktgen"], "--scenario", os.path.join(REPO, "pktgen", "scenarios", scenario + ".yaml"),
               "--json", report + ".json", "--csv", report + ".csv"]
    for s in sets:
        command += ["--set", s]
    return (["nice", "-n", str(args.nice)] if args.nice else []) + command


def run_pktgen(command: List[str], netns: Optional[str], log_path: str, prefix: str) -> Dict:
    argv = (["ip", "netns", "exec", netns] if netns else []) + command
    print("  $ " + " ".join(argv), flush=True)
    try:
        with open(log_path, "w") as log:
            done = subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=900)
    finally:
        shutil.rmtree(os.path.join(bh.DPDK_RUNTIME_DIR, prefix), ignore_errors=True)
    report_path = command[command.index("--json") + 1]
    if done.returncode != 0 or not os.path.exists(report_path):
        tail = "".join(open(log_path).readlines()[-20:])
        raise RuntimeError(f"pilot-pktgen failed ({done.returncode}); log {log_path}:\n{tail}")
    with open(report_path) as f:
        return json.load(f)


def _generator_bound(ramp: Dict, ceiling: Optional[Dict]) -> bool:
    """The best passing trial is the generator's own limit: it fell short of
    its target, or the unpaced ceiling itself passed."""
    best = next((t for t in ramp.get("trials", []) if t["passed"] and t["rate_pps"] == ramp.get("best_target_pps")),
                None)
    if not best:
        return False
    return best["offered_pps"] < 0.95 * best["rate_pps"] or bool(ceiling and best is ramp["trials"][0])


def summarise(scenario: str, target: str, target_text: str, report: Dict) -> Dict:
    """The figures of one report that the docs table shows."""
    runs = report["runs"]
    followup = next((r for r in runs if r["label"].startswith("at ")), None)
    if followup is None:  # no rate passed: nothing measured at 50 %
        return {"scenario": scenario, "target": target, "target_text": target_text, "best_pps": 0,
                "generator_bound": False, "answered_pps": None, "loss_at_half": None, "p50_ns": None,
                "p99_ns": None, "p999_ns": None, "forbidden": sum(r["counters"]["rx_relay_forbidden"] for r in runs)}
    latency = followup["relay_latency"] if followup["relay_latency"]["count"] else followup["reply_latency"]
    ramp = report.get("ramp") or {}
    ceiling = next((r for r in runs if r["label"].startswith("ceiling")), None)
    best = ramp.get("best_pps")
    relays = followup["counters"]["sent_relay"] > 0
    return {"scenario": scenario, "target": target, "target_text": target_text, "best_pps": best,
            "generator_bound": _generator_bound(ramp, ceiling),
            "answered_pps": followup["delivered_pps"] if relays else
            (followup["counters"]["rx_discover_reply"] + followup["counters"]["rx_punch_command"]) / followup["seconds"],
            "loss_at_half": followup["loss"], "p50_ns": latency["p50_ns"], "p99_ns": latency["p99_ns"],
            "p999_ns": latency["p99_9_ns"], "forbidden": followup["counters"]["rx_relay_forbidden"]}


def median_run(runs: List[tuple]) -> tuple:
    """The (summary, report) whose max rate is the median of the repeats; its
    summary carries the spread of all of them."""
    ordered = sorted(runs, key=lambda run: run[0]["best_pps"] or 0)
    summary, report = ordered[(len(ordered) - 1) // 2]
    summary = dict(summary, spread=[run[0]["best_pps"] or 0 for run in ordered])
    return summary, report


def measure_dpdk(args, bins, scenario: str, out: str) -> Dict:
    kind = "af_xdp" if scenario in FRAGMENT_SCENARIOS else "af_packet"
    with targets.dpdk_beacon(kind, BEACON_CPU, out) as env:
        prefix = f"pkbench-{os.getpid()}-{env.n}"
        device = (targets.af_xdp_device(1, env.veth_client) if kind == "af_xdp"
                  else targets.af_packet_device(1, env.veth_client))
        report = os.path.join(out, f"{scenario}.dpdk")
        command = pktgen_command(args, bins, scenario, device, env.beacon_ipv4, str(env.subnet4[100]), prefix, report)
        return run_pktgen(command, env.netns, report + ".log", prefix)


def measure_kernel(args, bins, scenario: str, out: str) -> Dict:
    kind = "af_xdp" if scenario in FRAGMENT_SCENARIOS else "af_packet"
    with targets.KernelBeaconEnv(bins["kernel"], BEACON_CPU, port_kind="af_packet", queues=1, log_dir=out) as env:
        prefix = f"pkbench-{os.getpid()}-{env.n}"
        device = (targets.af_xdp_device(1, env.veth_beacon) if kind == "af_xdp"
                  else targets.af_packet_device(1, env.veth_beacon))
        report = os.path.join(out, f"{scenario}.kernel")
        command = pktgen_command(args, bins, scenario, device, env.target_ipv4, str(env.subnet4[100]), prefix, report)
        result = run_pktgen(command, None, report + ".log", prefix)
        env.stop_beacon()
        print("  " + env.counters_line(), flush=True)
        return result


def context_lines(args, bins: Dict[str, str]) -> List[str]:
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    rev = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                         text=True).stdout.strip()
    built = datetime.datetime.fromtimestamp(os.path.getmtime(bins["beacond"])).strftime("%H:%M")
    load = os.getloadavg()[0]
    options = (" --quick" if args.quick else "") + (f" --repeat {args.repeat}" if args.repeat > 1 else "")
    return [f"Measured {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} by `pktgen/bench/run.py{options}` "
            f"(HEAD {rev}; pilot-beacond built at {built}) on {platform.node()} ({cpu}, {os.cpu_count()} CPUs, "
            f"load average {load:.1f} at the start: the machine was shared with other builds), veth pair between "
            "two network namespaces.",
            "",
            "lcores: pilot-beacond main on CPU 0 + one worker on CPU 1; pilot-pktgen main + one worker both on "
            "CPU 0; kernel-beacon one thread on CPU 1. Generator and beacon share the machine's two CPUs with the "
            "kernel's veth work, so every figure is a **lower bound**; \"generator-bound\" marks a rate the "
            "generator could not exceed. Ports: net_af_packet (qpairs=1, framecnt=8192) on both ends, net_af_xdp for "
            "relay-4KiB-fragmented. " + (f"Each figure is the median of {args.repeat} runs, alternating the two "
            "beacons; [min–max] gives the spread of the max rate. " if args.repeat > 1 else "") +
            "Max rate: RFC 2544-style binary search over open-loop trials; latency: "
            "relay sent → delivery received (TSC in the payload), or Discover/PunchRequest → reply for the "
            "storms, measured at 50 % of the max rate. Reports: `<build>/pktgen-bench/*.json`."]


def main() -> int:
    args = parse_args()
    bins = binaries(os.path.abspath(args.build))
    os.environ["PILOT_BEACOND"] = bins["beacond"]
    out = os.path.abspath(args.out or os.path.join(args.build, "pktgen-bench"))
    os.makedirs(out, exist_ok=True)
    scenarios = [s for s in args.scenarios.split(",") if s]
    unknown = [s for s in scenarios if s not in SCENARIOS]
    if unknown:
        sys.exit(f"run.py: unknown scenarios {unknown}; known: {SCENARIOS}")
    if not args.reuse:
        bh.check_prerequisites()
    for attempt in range(args.repeat if args.repeat > 1 else 0):
        os.makedirs(os.path.join(out, f"{attempt + 1}"), exist_ok=True)
    summary_path = os.path.join(out, "summary.json")
    if args.reuse and os.path.exists(summary_path):
        with open(summary_path) as f:
            context = json.load(f)["context"]  # the measuring run's, not now's
    else:
        context = context_lines(args, bins)
    results, series = [], {}
    beacons = [("dpdk", "pilot-beacond", measure_dpdk)]
    if not args.no_baseline:
        beacons.append(("kernel", "kernel sockets", measure_kernel))
    for scenario in scenarios:
        measured = {target: [] for target, _, _ in beacons}
        for attempt in range(args.repeat):
            for target, text, measure in beacons:
                print(f"== {scenario} against {text} ({attempt + 1}/{args.repeat})", flush=True)
                where = os.path.join(out, f"{attempt + 1}") if args.repeat > 1 else out
                if args.reuse:
                    with open(os.path.join(where, f"{scenario}.{target}.json")) as f:
                        report = json.load(f)
                else:
                    report = measure(args, bins, scenario, where)
                summary = summarise(scenario, target, text, report)
                measured[target].append((summary, report))
                print(f"   max rate {summary['best_pps']} pps, p99 at 50 %: {summary['p99_ns']} ns", flush=True)
        for target, text, _ in beacons:
            summary, report = median_run(measured[target])
            results.append(summary)
            if scenario in ("relay-64B", "relay-1400B"):
                series[f"{scenario} {text}"] = plot.points(report)
    with open(summary_path, "w") as f:
        json.dump({"context": context, "results": results}, f, indent=1)
    for line in docs_table.rows(results):
        print(line)
    if args.no_docs:
        return 0
    docs = os.path.join(REPO, "docs")
    with tempfile.TemporaryDirectory() as work:
        drawn = plot.draw(series, os.path.join(docs, PLOT_NAME), work)
    docs_table.update(os.path.join(docs, "benchmarks.md"), docs_table.render(results, context,
                                                                              PLOT_NAME if drawn else None))
    print(f"updated docs/benchmarks.md{' and docs/' + PLOT_NAME if drawn else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
