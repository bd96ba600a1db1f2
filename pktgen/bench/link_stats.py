"""link_stats — what the soak and the hostile floods read from a running
pilot-beacond and its link, besides pilot-pktgen's report:

- `Counters`: one /metrics scrape (the e2e health test's parser), summed
  over lcores, with deltas between two scrapes;
- `memory(pid)`: VmRSS / VmHWM of a process, KiB (/proc/PID/status);
- `LinkSnapshot(env, counters)` and `link_lost(after, before)`: frames
  lost on the way to the beacon below its DPDK counters: dropped by the
  veth on the way (`ip -s -j link`: tx of the daemons' end, rx of the beacon's), or received by the beacon's veth end but never
  handed to the beacon (its `nic_rx_packets` fell short of the veth's
  rx_packets: a full net_af_packet ring, which DPDK 22.11's af_packet PMD
  does not report as imissed, or a full af_xdp ring).
"""

import json
import subprocess
from typing import Dict

import beacon_harness as bh
from test_e2e_health import scrape, total



class Counters:
    """One scrape of /metrics; `get(name, **labels)` sums the lcores."""

    def __init__(self, env: bh.BeaconEnv):
        self.samples = scrape(env)

    def get(self, name: str, **labels: str) -> int:
        per_lcore = total(self.samples, name, **labels)
        if per_lcore:
            return int(per_lcore)
        return int(sum(v for (series, series_labels), v in self.samples.items()
                       if series == name and dict(series_labels) == labels))

    def family(self, name: str) -> Dict[str, int]:
        """{reason (or the other label's value): value summed over lcores} of one family."""
        out: Dict[str, int] = {}
        for (series, series_labels), value in self.samples.items():
            if series != name:
                continue
            labels = {k: v for k, v in series_labels if k != "lcore"}
            key = ",".join(labels.values()) or "-"
            out[key] = out.get(key, 0) + int(value)
        return out

    def mbufs_in_use(self) -> int:
        return self.get("pilot_beacon_mbufs", state="in_use")


def delta(after: Counters, before: Counters, name: str, **labels: str) -> int:
    return after.get(name, **labels) - before.get(name, **labels)


def family_delta(after: Counters, before: Counters, name: str) -> Dict[str, int]:
    a, b = after.family(name), before.family(name)
    return {k: a[k] - b.get(k, 0) for k in a}


def memory(pid: int) -> Dict[str, int]:
    """VmRSS and VmHWM of `pid`, KiB."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    return out


def _link(argv) -> Dict[str, Dict[str, int]]:
    done = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=10)
    return json.loads(done.stdout)[0]["stats64"]


class LinkSnapshot:
    def __init__(self, env: bh.BeaconEnv, counters: Counters):
        beacon_end = _link(["ip", "-s", "-j", "link", "show", "dev", env.veth_beacon])
        daemon_end = _link(["ip", "-n", env.netns, "-s", "-j", "link", "show", "dev", env.veth_client])
        self.veth_rx = beacon_end["rx"]["packets"]
        # Towards the beacon only: sent by the daemons' end, received by the beacon's.
        self.veth_dropped = daemon_end["tx"]["dropped"] + beacon_end["rx"]["dropped"]
        self.port_rx = counters.get("pilot_beacon_nic_rx_packets_total", queue="0")


def link_lost(after: LinkSnapshot, before: LinkSnapshot) -> int:
    return (after.veth_dropped - before.veth_dropped + (after.veth_rx - before.veth_rx) -
            (after.port_rx - before.port_rx))
