"""wss_harness — the WSS compat bridge's side of the end-to-end tests.

A `WssClient` is one Pilot daemon in compat mode: a tests/wss/wss_test_client
process (a Beast WebSocket client, C++) driven over its stdin/stdout, one
JSON answer per command, every command bounded by a timeout. `WssTestCase`
is a BeaconTestCase whose beacon also runs the bridge on 127.0.0.1:<free
port> with a pubkeys file of test identities (node ids 7001..7050 and the
class's extra ids), written by the tool into a temporary folder.

Metrics come from the beacon's /metrics (control.health). The tool is found
next to pilot-beacond's build folder (<build>/tests/wss/wss_test_client) or
through WSS_TEST_CLIENT.

Standard library only.
"""

import http.client
import json
import os
import re
import select
import shutil
import socket
import subprocess
import tempfile
import time
from typing import Dict, Iterable, List, Optional

import beacon_harness as bh
import pilot_wire as w

COMMAND_TIMEOUT_S = 20.0
FILE_IDS = list(range(7001, 7051))
AUTH_OK = '{"type":"auth_ok"}'


def tool_path() -> str:
    path = os.environ.get("WSS_TEST_CLIENT")
    if not path:
        build = os.path.dirname(os.path.dirname(os.path.abspath(bh.beacond_path())))
        path = os.path.join(build, "tests", "wss", "wss_test_client")
    if not os.access(path, os.X_OK):
        raise bh.HarnessError(f"{path} is not built (ninja wss_test_client) and WSS_TEST_CLIENT is not set")
    return path


def write_pubkeys(path: str, ids: Iterable[int]) -> None:
    bh.run([tool_path(), "pubkeys", path] + [str(i) for i in ids])


class WssClient:
    """One compat-mode daemon: a wss_test_client process."""

    def __init__(self, netns: Optional[str] = None) -> None:
        """netns: run the client inside that network namespace."""
        prefix = ["ip", "netns", "exec", netns] if netns else []
        self.proc = subprocess.Popen(prefix + [tool_path(), "session"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1, start_new_session=True)

    def command(self, line: str, timeout: float = COMMAND_TIMEOUT_S) -> dict:
        if self.proc.poll() is not None:
            raise AssertionError(f"wss_test_client exited with {self.proc.returncode}: {self.proc.stderr.read()}")
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        poller = select.poll()  # not select(): tests may hold over 1,024 descriptors
        poller.register(self.proc.stdout, select.POLLIN)
        if not poller.poll(timeout * 1000):
            raise AssertionError(f"wss_test_client did not answer {line[:60]!r} within {timeout} s")
        answer = self.proc.stdout.readline()
        if not answer:
            raise AssertionError(f"wss_test_client ended on {line[:60]!r}: {self.proc.stderr.read()}")
        result = json.loads(answer)
        if "error" in result and set(result) == {"error"}:
            raise AssertionError(f"wss_test_client: {result['error']}")
        return result

    def connect(self, port: int, origin: Optional[str] = None, protocol: Optional[str] = "pilot.v1",
                tls_ca: Optional[str] = None, rcvbuf: int = 0, path: Optional[str] = None,
                host: Optional[str] = None) -> dict:
        line = f"connect {port}"
        if host is not None:
            line += f" host={host}"
        if origin is not None:
            line += f" origin={origin}"
        line += f" protocol={protocol if protocol is not None else '-'}"
        if tls_ca is not None:
            line += f" tls={tls_ca}"
        if rcvbuf:
            line += f" rcvbuf={rcvbuf}"
        if path is not None:
            line += f" path={path}"
        return self.command(line)

    def auth(self, node_id: int, mode: str = "good", delay_ms: int = 0, timeout: float = COMMAND_TIMEOUT_S) -> dict:
        return self.command(f"auth {node_id} {mode} delay={delay_ms}", timeout=timeout + delay_ms / 1000)

    def send(self, data: bytes, count: int = 1) -> None:
        answer = self.command(f"send {data.hex()} {count}")
        if not answer.get("ok"):
            raise AssertionError(f"sending {len(data)} bytes failed: {answer}")

    def send_message(self, message, count: int = 1) -> None:
        self.send(message.encode(), count)

    def send_text(self, text: str) -> None:
        self.command(f"text {text}")

    def recv(self, timeout: float = 2.0) -> dict:
        return self.command(f"recv {int(timeout * 1000)}", timeout=timeout + COMMAND_TIMEOUT_S)

    def recv_binary(self, timeout: float = 2.0) -> bytes:
        got = self.recv(timeout)
        if got.get("kind") != "binary":
            raise AssertionError(f"expected a binary frame within {timeout} s, got {got}")
        return bytes.fromhex(got["hex"])

    def expect_nothing(self, wait: float = 0.5) -> None:
        got = self.recv(wait)
        if got.get("kind") != "timeout":
            raise AssertionError(f"expected nothing for {wait} s, got {got}")

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.command("close", timeout=10)
                self.proc.stdin.write("quit\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=10)
            except (AssertionError, OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            stream.close()


def metrics(env: bh.BeaconEnv) -> Dict[str, float]:
    """Every sample of /metrics: {'name{labels}': value}."""
    host, port = env.health_addr
    conn = http.client.HTTPConnection(host, port, timeout=5)
    try:
        conn.request("GET", "/metrics")
        text = conn.getresponse().read().decode()
    finally:
        conn.close()
    samples = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            samples[name] = float(value)
    return samples


def metric(env: bh.BeaconEnv, name: str) -> float:
    return metrics(env).get(name, 0.0)


def wait_for_metric(env: bh.BeaconEnv, name: str, predicate, timeout: float = 10.0) -> float:
    """Polls `name` until predicate(value); AssertionError with the last value."""
    deadline = time.monotonic() + timeout
    value = metric(env, name)
    while not predicate(value):
        if time.monotonic() > deadline:
            raise AssertionError(f"{name} = {value} after {timeout} s")
        time.sleep(0.1)
        value = metric(env, name)
    return value


def http_status(port: int, method: str, path: str, headers: Optional[dict] = None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        return conn.getresponse().status
    finally:
        conn.close()


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        m = re.search(r"^VmRSS:\s+(\d+)", f.read(), re.M)
    return int(m.group(1)) if m else 0


class WssTestCase(bh.BeaconTestCase):
    """A beacon with the bridge on 127.0.0.1:<wss_port>. Subclasses set
    `wss_set` (more --set overrides), `port_kind`, `extra_ids` (more ids in
    the pubkeys file) and may override make_files() for TLS material."""

    wss_set: List[str] = []
    port_kind = "af_packet"
    extra_ids: List[int] = []
    tmpdir: str
    wss_port: int

    @classmethod
    def make_files(cls) -> List[str]:
        return []

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmpdir = tempfile.mkdtemp(prefix="pb-wss-")
        cls.addClassCleanup(shutil.rmtree, cls.tmpdir, True)
        keys = os.path.join(cls.tmpdir, "pubkeys.yaml")
        write_pubkeys(keys, FILE_IDS + cls.extra_ids)
        cls.wss_port = bh.free_tcp_port()
        sets = ['beacon.punch_whitelist=["*"]', "beacon.limits.reply_per_source_per_s=0",
                f"control.wss.bind=127.0.0.1:{cls.wss_port}", f"control.wss.pubkeys_file={keys}"]
        sets += cls.make_files() + cls.wss_set
        cls.beacon_options = {"port_kind": cls.port_kind, "queues": 2, "clients": 2, "extra_set": sets}
        super().setUpClass()

    def wss(self, node_id: Optional[int] = None, **connect_options) -> WssClient:
        """A connected client, authenticated as node_id when given; closed at the end of the test."""
        c = WssClient()
        self.addCleanup(c.close)
        up = c.connect(self.wss_port, **connect_options)
        self.assertTrue(up["ok"], f"upgrade failed: {up}")
        if node_id is not None:
            auth = c.auth(node_id)
            self.assertEqual(auth["result"], {"kind": "text", "text": AUTH_OK}, f"auth of {node_id}: {auth}")
        return c

    def metric(self, name: str) -> float:
        return metric(self.env, name)


def relay(sender: int, dest: int, payload: bytes) -> w.Relay:
    return w.Relay(sender, dest, payload)


def deliver(sender: int, payload: bytes) -> bytes:
    return w.RelayDeliver(sender, payload).encode()
