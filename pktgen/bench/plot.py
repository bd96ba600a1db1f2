"""plot — delivered relay rate against relay latency (p50 and p99) for every
ramp trial of the relay scenarios, DPDK beacon and kernel-socket baseline,
as a PNG drawn by gnuplot (Debian's gnuplot-nox)."""

import os
import shutil
import subprocess
from typing import Dict, List


def points(report: Dict) -> List[tuple]:
    """(delivered kpps, p50 µs, p99 µs) of each measured run with relays."""
    out = []
    for run in report.get("runs", []):
        lat = run["relay_latency"]
        if lat["count"] and run["delivered_pps"] > 0:
            out.append((run["delivered_pps"] / 1e3, lat["p50_ns"] / 1e3, lat["p99_ns"] / 1e3))
    return sorted(out)


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
        "set title 'pilot-pktgen: delivered relay rate against relay latency (ramp trials; 2 shared CPUs: lower bounds)'",
        "set xlabel 'delivered relays (k packets/s)'",
        "set ylabel 'latency (µs, log scale)'",
        "set logscale y",
        "set grid",
        "set key outside right",
        "plot " + ", \\\n     ".join(plots),
    ])
    subprocess.run([gnuplot], input=script, text=True, check=True)
    return True
