"""docs_table — the pktgen rows of docs/benchmarks.md.

The script owns the lines between the markers below, inside the "Load
generator" section; everything else in the file belongs to others and is
kept byte for byte. Without the markers, the section is appended.
"""

import os
from typing import Dict, List, Optional

BEGIN = "<!-- pktgen:begin — written by pktgen/bench/run.py; edit the script, not these lines -->"
END = "<!-- pktgen:end -->"
SECTION_HEADING = "## Load generator (pilot-pktgen)"


def _us(ns: Optional[float]) -> str:
    return "—" if not ns else f"{ns / 1000:.0f} µs" if ns >= 100_000 else f"{ns / 1000:.1f} µs"


def _rate(pps: Optional[float]) -> str:
    if not pps:
        return "—"
    return f"{pps / 1e6:.2f} M" if pps >= 1e6 else f"{pps / 1e3:.1f} k"


def _ratio(dpdk: Dict, kernel: Dict) -> str:
    """pilot-beacond's max rate over the baseline's; a generator-bound side is
    only a lower bound of its beacon's, so the ratio is then one too."""
    if not dpdk.get("best_pps") or not kernel.get("best_pps"):
        return "—"
    value = f"{dpdk['best_pps'] / kernel['best_pps']:.1f}×"
    bound = (dpdk.get("generator_bound"), kernel.get("generator_bound"))
    return {(False, False): value, (True, False): "≥ " + value, (False, True): "≤ " + value,
            (True, True): "— (both generator-bound)"}[bound]


def rows(results: List[Dict]) -> List[str]:
    """One markdown row per scenario and target; `results` come from run.py's summarise()."""
    out = ["| scenario | beacon | max rate, loss ≤ 0.1 % (pps) | at 50 %: answered (pps) | p50 | p99 | p99.9 | loss at 50 % | vs kernel |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    kernel = {r["scenario"]: r for r in results if r["target"] == "kernel"}
    for r in results:
        k = kernel.get(r["scenario"])
        ratio = _ratio(r, k) if r["target"] == "dpdk" and k else "—"
        best = _rate(r.get("best_pps")) + (" (generator-bound)" if r.get("generator_bound") else "")
        if len(r.get("spread", [])) > 1:
            best += f" [{_rate(min(r['spread']))}–{_rate(max(r['spread']))}]"
        loss = "—" if r.get("loss_at_half") is None else f"{r['loss_at_half'] * 100:.3f} %"
        out.append(f"| {r['scenario']} | {r['target_text']} | {best} | {_rate(r.get('answered_pps'))} | "
                   f"{_us(r.get('p50_ns'))} | {_us(r.get('p99_ns'))} | {_us(r.get('p999_ns'))} | {loss} | {ratio} |")
    return out


def render(results: List[Dict], context: List[str], plot_name: Optional[str]) -> List[str]:
    lines = [BEGIN, ""] + context + [""] + rows(results)
    forbidden = [f"{r['scenario']} ({r['target_text']}): {r['forbidden']}" for r in results if r.get("forbidden")]
    lines += ["", "Punch-storm \"answered\" counts PunchCommands (two per request). Hostile or not-found probes "
              "delivered back: " + ("none, in every run." if not forbidden else "; ".join(forbidden) + ".")]
    if plot_name:
        lines += ["", f"![delivered rate against relay latency, DPDK beacon and kernel-socket baseline]({plot_name})"]
    return lines + ["", END]


def update(path: str, block: List[str]) -> None:
    """Replaces the marked block of `path` (re-read now: others edit the file too)."""
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# pilot-beacon — benchmarks\n"
    new_block = "\n".join(block)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + new_block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + SECTION_HEADING + "\n\n" + new_block + "\n"
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(path + ".tmp", path)
