"""fault_support — what the fault tests (test_e2e_faults_*.py) share: the
beacon's metrics summed over their per-lcore series, a bounded probe of the
health endpoint, and `serve_through`, which keeps checking that legitimate
daemons are served (Discover answered, a local Relay delivered, /healthz
answering within its deadline) while a fault is in force.

Standard library only.
"""

import http.client
import re
import socket
import time
from typing import Callable, Dict, Optional, Tuple

import beacon_harness as bh
import pilot_wire as w
import wss_harness as wh

HEALTH_DEADLINE_S = 2.0   # generous: two vCPUs shared with the workers
PROBE_PERIOD_S = 0.25
LABELS = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def metric_sum(samples: Dict[str, float], name: str, **labels: str) -> float:
    """Sum of the samples of `name` whose labels include `labels` (the lcore
    label, and any label not named, summed over)."""
    out = 0.0
    for key, value in samples.items():
        series, _, rest = key.partition("{")
        if series != name:
            continue
        have = dict(LABELS.findall(rest))
        if all(have.get(k) == v for k, v in labels.items()):
            out += value
    return out


def metric(env: bh.BeaconEnv, name: str, **labels: str) -> float:
    return metric_sum(wh.metrics(env), name, **labels)


wait_until = bh.wait_until


def health_get(env: bh.BeaconEnv, path: str, timeout: float = HEALTH_DEADLINE_S) -> Tuple[int, str, float]:
    """(status, body, seconds taken) of one GET on the health endpoint;
    AssertionError when no answer comes within `timeout`."""
    host, port = env.health_addr
    started = time.monotonic()
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path)
        answer = conn.getresponse()
        body = answer.read().decode(errors="replace")
    except (OSError, http.client.HTTPException) as exc:
        raise AssertionError(f"GET {path}: no answer within {timeout} s ({exc!r})") from None
    finally:
        conn.close()
    return answer.status, body, time.monotonic() - started


class ServingCheck:
    """Two daemons of one beacon (IPv4, fresh ids): one round proves the
    beacon serves them (Discover answered, a Relay between them delivered
    byte for byte) and that /healthz answers 200 within its deadline."""

    def __init__(self, env: bh.BeaconEnv, host: int = 0):
        self.env = env
        self.a = bh.PilotClient(env, socket.AF_INET, host=host)
        self.b = bh.PilotClient(env, socket.AF_INET, host=host)
        self.a_id, self.b_id = bh.random_node_id(), bh.random_node_id()
        self.rounds = 0

    def round(self) -> None:
        for client, node_id in ((self.a, self.a_id), (self.b, self.b_id)):
            client.drain()
            reply = client.discover(node_id)
            if (bh.normalise(reply.ip), reply.port) != client.endpoint:
                raise AssertionError(f"DiscoverReply names {reply.ip}:{reply.port}, the client is {client.endpoint}")
        payload = self.rounds.to_bytes(4, "big") + b"serving"
        want = w.RelayDeliver(self.a_id, payload).encode()
        for _ in range(3):   # a datagram may be lost on a busy 2-CPU box; the beacon answers one of three
            self.a.send(w.Relay(self.a_id, self.b_id, payload))
            try:
                data, _ = self.b.recv(1.0)
            except AssertionError:
                continue
            if data == want:
                break
        else:
            raise AssertionError(f"relay {self.a_id} -> {self.b_id} not delivered in 3 tries")
        status, body, _ = health_get(self.env, "/healthz")
        if status != 200:
            raise AssertionError(f"/healthz answered {status} {body!r} while serving")
        self.rounds += 1

    def through(self, seconds: float, until: Optional[Callable[[], object]] = None, what: str = ""):
        """Runs rounds for `seconds`, or until `until()` is true (then
        returns its value; AssertionError if it never is)."""
        deadline = time.monotonic() + seconds
        while True:
            self.round()
            if until is not None:
                value = until()
                if value:
                    return value
            if time.monotonic() > deadline:
                if until is not None:
                    raise AssertionError(f"{what or 'condition'}: not within {seconds} s")
                return None
            time.sleep(PROBE_PERIOD_S)

    def close(self) -> None:
        self.a.close()
        self.b.close()
