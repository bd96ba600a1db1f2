"""plot — delivered relay rate against relay latency (p50 and p99) for every
passing ramp trial of the relay scenarios (and the run at 50 %), DPDK beacon
and kernel-socket baseline, as a PNG drawn by gnuplot (Debian's gnuplot-nox)."""

import os
import shutil
import subprocess
from typing import Dict, List, Optional


def points(report: Dict) -> List[tuple]:
    """(delivered kpps, p50 µs, p99 µs) of the runs within the loss threshold:
    the passing ramp trials and the run at 50 % (overloaded trials only show
    their queues filling up)."""
    trials = (report.get("ramp") or {}).get("trials", [])
    out = []
    for run in report.get("runs", []):
        lat = run["relay_latency"]
        if not lat["count"] or run["delivered_pps"] <= 0:
            continue
        position = _trial_position(run["label"], trials)
        if position is not None and not trials[position]["passed"]:
            continue
        out.append((run["delivered_pps"] / 1e3, lat["p50_ns"] / 1e3, lat["p99_ns"] / 1e3))
    return sorted(out)


def _trial_position(label: str, trials: List[Dict]) -> Optional[int]:
    """Which ramp trial a run is: "ceiling (unpaced)" the first, "trial N" the N-th; None otherwise."""
    if label.startswith("ceiling"):
        return 0 if trials else None
    if label.startswith("trial "):
        n = int(label.split()[1]) - 1
        return n if 0 <= n < len(trials) else None
    return None


def draw(series: Dict[str, List[tuple]], png: str, work_dir: str) -> bool:
    """series: title → points. False (and a message) when gnuplot is missing."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        print("plot: gnuplot not found (Debian: gnuplot-nox, see deploy/install-deps); no PNG")
        return False
    plots = []
    for i, (title, pts) in enumerate(series.items()):
        if not pts:
            continue
        data = os.path.join(work_dir, f"series{i}.dat")
        with open(data, "w") as f:
            f.writelines(f"{x:.3f} {p50:.3f} {p99:.3f}\n" for x, p50, p99 in pts)
        plots.append(f"'{data}' using 1:3 with linespoints lw 2 pt 7 title '{title} p99'")
        plots.append(f"'{data}' using 1:2 with linespoints dt 2 pt 6 title '{title} p50'")
    if not plots:
        return False
    script = "\n".join([
        "set terminal pngcairo size 1000,600 font ',10'",
        f"set output '{png}'",
        "set title 'pilot-pktgen: delivered relays against latency, runs within 0.1 % loss (2 shared CPUs: lower bounds)'",
        "set xlabel 'delivered relays (k packets/s)'",
        "set ylabel 'latency (µs, log scale)'",
        "set logscale y",
        "set grid",
        "set key outside right",
        "plot " + ", \\\n     ".join(plots),
    ])
    subprocess.run([gnuplot], input=script, text=True, check=True)
    return True
