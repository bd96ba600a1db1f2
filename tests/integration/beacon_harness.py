"""beacon_harness — run the real pilot-beacond against kernel sockets.

Topology (one per BeaconEnv):

    root namespace                         namespace pbt-<pid>-<n>
    pilot-beacond (DPDK)                   kernel sockets = Pilot daemons
      net_af_packet / net_af_xdp
        on pbv<pid>x<n>a  <--- veth --->   pbv<pid>x<n>b
        UP, no address, IPv6 off           10.201.<n>.2/24, fd20:<n>::2/64 (...)
                                           (the beacon is 10.201.<n>.1, fd20:<n>::1)

Sockets for the namespace are created by a small helper process that runs
under `ip netns exec` and hands each new socket back over a Unix socket
(SCM_RIGHTS). A socket belongs to the namespace it was created in, so the
test process then uses ordinary socket objects: bind, sendto, recv with a
timeout. Besides that helper, only `ping`, `ip`, `ethtool` and `sysctl`
run in the namespace.

Clean-up is done in close() (context-manager exit, class clean-up), again
from atexit, and, for leftovers of test processes that died (SIGKILL by a
ctest timeout), at the start of every BeaconEnv: namespaces, veths, EAL
runtime directories and beacons whose owner PID no longer exists.

Environment: PILOT_BEACOND (path of pilot-beacond; ctest sets it) and
PILOT_REPO_ROOT (the source tree, for config/dev.yaml; defaults to two
folders above this file). PILOT_E2E_KEEP_LOG=1 keeps the logs of passing
runs too (they are always kept on failure).

Standard library only (Debian bookworm's python3, 3.11).
"""

import atexit
import ipaddress
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import unittest
from typing import Dict, List, Optional, Sequence, Tuple

import pilot_wire as wire

BEACON_PORT = 9001
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 20.0
COMMAND_TIMEOUT_S = 20.0
SERVING_PATTERN = re.compile(r"\bbeacon\b.*\bserving\b|\"msg\":\"serving\"")
MBUFS_RETURNED_PATTERN = re.compile(r"every mbuf returned")
NS_PATTERN = re.compile(r"^pbt-(\d+)-(\d+)$")
VETH_PATTERN = re.compile(r"^pbv(\d+)x(\d+)[ab]$")
EAL_PREFIX_PATTERN = re.compile(r"^pbe2e-(\d+)-(\d+)$")
DPDK_RUNTIME_DIR = "/var/run/dpdk"
MAX_ENVS_PER_PROCESS = 250   # keeps veth names <= 15 chars and n a valid octet


class HarnessError(RuntimeError):
    """The test environment could not be set up (not a product failure)."""


class BeaconExitError(AssertionError):
    """pilot-beacond did not shut down cleanly."""


# --------------------------------------------------------------------------
# small utilities

def repo_root() -> str:
    root = os.environ.get("PILOT_REPO_ROOT")
    if root:
        return os.path.abspath(root)
    return os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def beacond_path() -> str:
    path = os.environ.get("PILOT_BEACOND")
    if not path:
        for candidate in ("build-e2e", "build/release", "build"):
            p = os.path.join(repo_root(), candidate, "controlplane", "pilot-beacond")
            if os.access(p, os.X_OK):
                return p
        raise HarnessError("PILOT_BEACOND is not set and no built pilot-beacond was found; "
                           "run through ctest, or export PILOT_BEACOND=/path/to/pilot-beacond")
    if not os.access(path, os.X_OK):
        raise HarnessError(f"PILOT_BEACOND={path} is not an executable file (build the pilot-beacond target first)")
    return path


def check_prerequisites() -> None:
    """Fails loudly (never skips) when the machine cannot run these tests."""
    problems = []
    if os.geteuid() != 0:
        problems.append(f"must run as root (network namespaces, veth, DPDK); running as uid {os.geteuid()}")
    for tool, package in (("ip", "iproute2"), ("ethtool", "ethtool"), ("ping", "iputils-ping")):
        if shutil.which(tool) is None:
            problems.append(f"'{tool}' not found in PATH (Debian package {package}; deploy/install-deps installs it)")
    if problems:
        raise HarnessError("end-to-end tests cannot run here:\n  " + "\n  ".join(problems))
    beacond_path()


def run(argv: Sequence[str], timeout: float = COMMAND_TIMEOUT_S, check: bool = True,
        input_text: Optional[str] = None) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout, input=input_text,
                              stdin=None if input_text is not None else subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise HarnessError(f"command timed out after {timeout} s: {' '.join(argv)}") from exc
    if check and done.returncode != 0:
        raise HarnessError(f"command failed (exit {done.returncode}): {' '.join(argv)}\n"
                           f"{done.stdout}{done.stderr}".rstrip())
    return done


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_until(predicate, timeout: float, what: str, period: float = 0.1):
    """Polls `predicate` until it returns a true value (returned); AssertionError
    naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(period)


def free_tcp_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def write_sysctl(name: str, value: str) -> None:
    """Writes a sysctl of the root namespace (this process's)."""
    path = "/proc/sys/" + name.replace(".", "/")
    with open(path, "w") as f:
        f.write(value)


def lcores_for(workers: int) -> str:
    """EAL --lcores: lcore 0 (main) and `workers` workers, spread over the CPUs
    this process may use (the main lcore shares the first CPU)."""
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) >= 2:
        worker_cpus = [cpus[1 + (w % (len(cpus) - 1))] for w in range(workers)]
    else:
        worker_cpus = [cpus[0]] * workers
    # With two CPUs and two workers: "0@0,1@1,2@0" (ARCHITECTURE section 10).
    if len(cpus) == 2 and workers == 2:
        worker_cpus = [cpus[1], cpus[0]]
    return ",".join([f"0@{cpus[0]}"] + [f"{w + 1}@{c}" for w, c in enumerate(worker_cpus)])


# --------------------------------------------------------------------------
# stale leftovers of dead test processes

def _beacond_pids_with_prefix(prefix_start: str) -> List[int]:
    """PIDs of pilot-beacond processes whose command line holds an EAL file
    prefix starting with prefix_start (that is, started by this harness)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if not argv or not argv[0].endswith(b"pilot-beacond"):
            continue
        if any(a.startswith(b"dpdk.file_prefix=" + prefix_start.encode()) for a in argv):
            found.append(int(entry))
    return found


def _harness_leftovers() -> tuple[list, list, list]:
    """What harness processes created, as (owner pid text, name) pairs:
    network namespaces, beacon-side veth ends (their peers go with them),
    and EAL runtime directories."""
    namespaces = []
    for line in run(["ip", "netns", "list"], check=False).stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        m = NS_PATTERN.match(name)
        if m:
            namespaces.append((m.group(1), name))
    veths = []
    for line in run(["ip", "-o", "link", "show"], check=False).stdout.splitlines():
        parts = line.split(":", 2)
        if len(parts) < 2:
            continue
        name = parts[1].strip().split("@")[0]
        m = VETH_PATTERN.match(name)
        if m:
            veths.append((m.group(1), name))
    runtime_dirs = []
    if os.path.isdir(DPDK_RUNTIME_DIR):
        for name in os.listdir(DPDK_RUNTIME_DIR):
            m = EAL_PREFIX_PATTERN.match(name)
            if m:
                runtime_dirs.append((m.group(1), name))
    return namespaces, veths, runtime_dirs


def clean_stale(verbose: bool = True) -> None:
    """Removes what earlier, now dead, harness processes left behind."""
    me = os.getpid()

    def dead_owner(pid_text: str) -> bool:
        pid = int(pid_text)
        return pid != me and not pid_alive(pid)

    namespaces, veths, runtime_dirs = _harness_leftovers()
    dead = {owner for owner, _ in namespaces + veths + runtime_dirs if dead_owner(owner)}

    for owner in sorted(dead):
        # A beacon orphaned by its test process: stop it by its PID.
        for pid in _beacond_pids_with_prefix(f"pbe2e-{owner}-"):
            if verbose:
                print(f"beacon_harness: stopping stale pilot-beacond pid {pid} (owner {owner} is gone)",
                      file=sys.stderr)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for ns_owner, name in namespaces:
            if ns_owner == owner:
                if verbose:
                    print(f"beacon_harness: deleting stale namespace {name}", file=sys.stderr)
                run(["ip", "netns", "delete", name], check=False)
        for veth_owner, name in veths:
            if veth_owner == owner and name.endswith("a"):
                if verbose:
                    print(f"beacon_harness: deleting stale veth {name}", file=sys.stderr)
                run(["ip", "link", "delete", name], check=False)
        for dir_owner, name in runtime_dirs:
            if dir_owner == owner:
                shutil.rmtree(os.path.join(DPDK_RUNTIME_DIR, name), ignore_errors=True)


# --------------------------------------------------------------------------
# sockets inside the namespace

_SOCKET_FACTORY_CODE = r"""
import socket, sys
chan = socket.socket(fileno=int(sys.argv[1]))
while True:
    try:
        request = chan.recv(256)
    except OSError:
        break
    if not request:
        break
    try:
        family, kind, proto = (int(x) for x in request.split())
        s = socket.socket(family, kind, proto)
    except Exception as exc:
        chan.send(b"E" + repr(exc).encode()[:500])
        continue
    socket.send_fds(chan, [b"K"], [s.fileno()])
    s.close()
"""


class NamespaceSocketFactory:
    """Creates sockets inside a network namespace and returns them to this
    process (SCM_RIGHTS over a SOCK_SEQPACKET pair)."""

    def __init__(self, netns: str):
        self.netns = netns
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._chan = ours
        self._chan.settimeout(10.0)
        try:
            self._proc = subprocess.Popen(
                ["ip", "netns", "exec", netns, sys.executable, "-c", _SOCKET_FACTORY_CODE, str(theirs.fileno())],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, start_new_session=True)
        finally:
            theirs.close()

    def socket(self, family: int, kind: int, proto: int = 0) -> socket.socket:
        if self._proc.poll() is not None:
            raise HarnessError(f"the socket helper in {self.netns} exited with {self._proc.returncode}")
        self._chan.send(f"{int(family)} {int(kind)} {int(proto)}".encode())
        try:
            msg, fds, _flags, _addr = socket.recv_fds(self._chan, 1024, 1)
        except socket.timeout as exc:
            raise HarnessError(f"the socket helper in {self.netns} did not answer within 10 s") from exc
        if not fds:
            raise HarnessError(f"cannot create socket({family}, {kind}, {proto}) in {self.netns}: "
                               f"{msg[1:].decode(errors='replace')}")
        return socket.socket(fileno=fds[0])

    def close(self) -> None:
        try:
            self._chan.close()
        except OSError:
            pass
        try:
            self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(timeout=5)


# --------------------------------------------------------------------------
# the environment

_live_envs: List["BeaconEnv"] = []
_counter = 0
_atexit_installed = False


def _cleanup_all_at_exit() -> None:
    for env in list(_live_envs):
        env.failed = True   # the normal path did not close it: keep the log
        try:
            env.close(check=False)
        except Exception as exc:  # clean-up must go on for the others
            print(f"beacon_harness: clean-up of {env.netns} failed: {exc}", file=sys.stderr)


def _install_exit_handlers() -> None:
    global _atexit_installed
    if _atexit_installed:
        return
    atexit.register(_cleanup_all_at_exit)
    # A SIGTERM (for example from a test runner giving up) must still run the
    # atexit clean-up: turn it into SystemExit unless someone handles it.
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    _atexit_installed = True


def _set_parent_death_signal() -> None:
    """In the beacon's child process: stop it (SIGINT, orderly) if the test
    process dies without cleaning up."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGINT), 0, 0, 0)
    except Exception:
        pass  # best effort: clean_stale() catches the rest


class BeaconEnv:
    """A namespace + veth + running pilot-beacond. Use as a context manager:

        with BeaconEnv() as env:
            s = env.udp_socket(socket.AF_INET)
            s.sendto(b"...", env.beacon_endpoint(socket.AF_INET))

    Parameters:
      port_kind   "af_packet" (default; `queues` queue pairs and as many
                  workers) or "af_xdp" (one queue, one worker; the kernel
                  does not reassemble fragments there).
      queues      queue pairs on af_packet (default 2: both workers busy).
      clients     client addresses on the namespace's veth end
                  (10.201.<n>.2, .3, ... and fd20:<n>::2, ::3, ...).
      extra_set   more `--set key=value` overrides, after the harness's own.
      extra_args  more command-line arguments for pilot-beacond.
      log_level   the `--set log.level=` override (default "debug"); None
                  leaves the level to the configuration file (SIGHUP tests).
      log_dir     where beacon-<pid>-<n>.log goes (default: the current dir).

    After __enter__: netns, veth_beacon, veth_client, beacon_ipv4,
    beacon_ipv6, client_ipv4[i], client_ipv6[i], beacon_mac, health_addr,
    file_prefix, log_path, proc, command.
    """

    def __init__(self, port_kind: str = "af_packet", queues: int = 2, clients: int = 1,
                 extra_set: Sequence[str] = (), extra_args: Sequence[str] = (),
                 log_dir: Optional[str] = None, start_timeout: float = START_TIMEOUT_S,
                 log_level: Optional[str] = "debug"):
        global _counter
        if port_kind not in ("af_packet", "af_xdp"):
            raise ValueError(f"port_kind {port_kind!r}: expected 'af_packet' or 'af_xdp'")
        if not 1 <= clients <= 200:
            raise ValueError("clients must be 1..200")
        if port_kind == "af_xdp":
            queues = 1
        if not 1 <= queues <= 8:
            raise ValueError("queues must be 1..8")
        _counter += 1
        if _counter > MAX_ENVS_PER_PROCESS:
            raise HarnessError(f"more than {MAX_ENVS_PER_PROCESS} environments in one process")
        self.n = _counter
        pid = os.getpid()
        self.port_kind = port_kind
        self.queues = queues
        self.workers = queues
        self.netns = f"pbt-{pid}-{self.n}"
        self.veth_beacon = f"pbv{pid}x{self.n}a"
        self.veth_client = f"pbv{pid}x{self.n}b"
        assert len(self.veth_beacon) <= 15, self.veth_beacon
        self.file_prefix = f"pbe2e-{pid}-{self.n}"
        self.subnet4 = ipaddress.ip_network(f"10.201.{self.n}.0/24")
        self.subnet6 = ipaddress.ip_network(f"fd20:{self.n:x}::/64")
        self.beacon_ipv4 = str(self.subnet4[1])
        self.beacon_ipv6 = str(self.subnet6[1])
        self.client_ipv4 = [str(self.subnet4[2 + i]) for i in range(clients)]
        self.client_ipv6 = [str(self.subnet6[2 + i]) for i in range(clients)]
        self.beacon_port = BEACON_PORT
        self.extra_set = list(extra_set)
        self.extra_args = list(extra_args)
        self.start_timeout = start_timeout
        self.log_level = log_level
        self.log_dir = os.path.abspath(log_dir or os.getcwd())
        self.log_path = os.path.join(self.log_dir, f"beacon-{pid}-{self.n}.log")
        self.health_addr: Optional[Tuple[str, int]] = None
        self.beacon_mac: Optional[str] = None
        self.proc: Optional[subprocess.Popen] = None
        self.command: List[str] = []
        self.exit_code: Optional[int] = None
        self.failed = False        # set by tests (BeaconTestCase) to keep the log
        self._log_file = None
        self._factory: Optional[NamespaceSocketFactory] = None
        self._sockets: List[socket.socket] = []
        self._created_netns = False
        self._created_veth = False
        self._closed = False
        self._printed_upto = 0

    # ---- context manager

    def __enter__(self) -> "BeaconEnv":
        try:
            self.start()
        except BaseException:
            self.failed = True
            if self.proc is not None:
                self.print_log_tail(reason="start-up failed")
            self.close(check=False)
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None:
            self.failed = True
            self.print_log_tail(reason=f"{exc_type.__name__} in the test")
            self.close(check=False)
            return False
        self.close(check=True)
        return False

    # ---- set-up

    def start(self) -> None:
        check_prerequisites()
        _install_exit_handlers()
        clean_stale()
        _live_envs.append(self)
        self._make_network()
        self._factory = NamespaceSocketFactory(self.netns)
        self._start_beacon()

    def _make_network(self) -> None:
        ns, a, b = self.netns, self.veth_beacon, self.veth_client
        run(["ip", "netns", "add", ns])
        self._created_netns = True
        run(["ip", "link", "add", a, "type", "veth", "peer", "name", b, "netns", ns])
        self._created_veth = True
        # Beacon end: no IP, no kernel IPv6 (no RS/ND/MLD of its own), and the
        # root namespace's kernel neither forwards nor answers ARP for what
        # it receives there: only DPDK serves this port.
        write_sysctl(f"net.ipv6.conf.{a}.disable_ipv6", "1")
        write_sysctl(f"net.ipv4.conf.{a}.forwarding", "0")
        write_sysctl(f"net.ipv4.conf.{a}.arp_ignore", "8")
        run(["ip", "link", "set", a, "up"])
        with open(f"/sys/class/net/{a}/address") as f:
            self.beacon_mac = f.read().strip().lower()
        # Client end, inside the namespace.
        nsx = ["ip", "netns", "exec", ns]
        run(["ip", "-n", ns, "link", "set", "lo", "up"])
        run(nsx + ["sysctl", "-q", "-w", f"net.ipv6.conf.{b}.accept_dad=0",
                   f"net.ipv6.conf.{b}.router_solicitations=0"])
        for ip in self.client_ipv4:
            run(["ip", "-n", ns, "addr", "add", f"{ip}/24", "dev", b])
        for ip in self.client_ipv6:
            run(["ip", "-n", ns, "-6", "addr", "add", f"{ip}/64", "dev", b, "nodad"])
        # Kernel veth sends UDP with partial checksums that af_packet cannot
        # flag (ARCHITECTURE section 10): checksum in software.
        run(nsx + ["ethtool", "-K", b, "tx", "off"])
        run(["ip", "-n", ns, "link", "set", b, "up"])

    def device_spec(self) -> str:
        if self.port_kind == "af_xdp":
            return f"net_af_xdp0,iface={self.veth_beacon},start_queue=0,queue_count=1"
        return f"net_af_packet0,iface={self.veth_beacon},qpairs={self.queues}"

    def _start_beacon(self) -> None:
        port = free_tcp_port()
        self.health_addr = ("127.0.0.1", port)
        sets = [
            f"port.device={self.device_spec()}",
            f"port.queues={self.queues}",
            f"dpdk.lcores={lcores_for(self.workers)}",
            f"dpdk.file_prefix={self.file_prefix}",
            f"port.ipv4.address={self.beacon_ipv4}/24",
            f"port.ipv6.address={self.beacon_ipv6}/64",
            f"control.health=127.0.0.1:{port}",
        ] + ([f"log.level={self.log_level}"] if self.log_level else []) + self.extra_set
        self.command = [beacond_path(), "-config", os.path.join(repo_root(), "config", "dev.yaml")]
        for s in sets:
            self.command += ["--set", s]
        self.command += self.extra_args
        os.makedirs(self.log_dir, exist_ok=True)
        self._log_file = open(self.log_path, "wb")
        self._log_file.write(("# " + " ".join(self.command) + "\n").encode())
        self._log_file.flush()
        self.proc = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=self._log_file,
                                     stderr=subprocess.STDOUT, start_new_session=True,
                                     preexec_fn=_set_parent_death_signal)
        deadline = time.monotonic() + self.start_timeout
        while True:
            if SERVING_PATTERN.search(self.log_text()):
                break
            if self.proc.poll() is not None:
                self.exit_code = self.proc.returncode
                raise HarnessError(f"pilot-beacond exited with {self.proc.returncode} before serving; "
                                   f"log: {self.log_path}")
            if time.monotonic() > deadline:
                raise HarnessError(f"pilot-beacond did not log 'serving' within {self.start_timeout:.0f} s; "
                                   f"log: {self.log_path}")
            time.sleep(0.05)

    # ---- tear-down

    def stop_beacon(self) -> List[str]:
        """SIGINT, bounded wait; returns the problems found (empty = clean)."""
        problems = []
        if self.proc is None:
            return problems
        if self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGINT)
                self.proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                problems.append(f"pilot-beacond did not exit within {STOP_TIMEOUT_S:.0f} s of SIGINT; killed")
                self.proc.kill()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    problems.append("pilot-beacond survived SIGKILL for 10 s")
        else:
            problems.append(f"pilot-beacond was no longer running at shutdown (exit {self.proc.returncode}): "
                            "it crashed or stopped during the tests")
        self.exit_code = self.proc.returncode
        if self.exit_code is not None and self.exit_code != 0:
            what = (f"killed by signal {-self.exit_code}" if self.exit_code < 0 else f"exit status {self.exit_code}")
            problems.append(f"pilot-beacond shut down with {what}, expected 0")
        if self.exit_code is not None and not MBUFS_RETURNED_PATTERN.search(self.log_text()):
            problems.append("pilot-beacond's log does not say that every mbuf was returned")
        return problems

    def close(self, check: bool = True) -> None:
        """Stops the beacon and removes everything; idempotent. With check,
        raises BeaconExitError if the beacon did not exit cleanly."""
        if self._closed:
            return
        self._closed = True
        problems = []
        try:
            problems = self.stop_beacon()
        finally:
            for s in self._sockets:
                try:
                    s.close()
                except OSError:
                    pass
            self._sockets.clear()
            if self._factory is not None:
                self._factory.close()
                self._factory = None
            if self._created_netns:
                run(["ip", "netns", "delete", self.netns], check=False)
            if self._created_veth and os.path.exists(f"/sys/class/net/{self.veth_beacon}"):
                run(["ip", "link", "delete", self.veth_beacon], check=False)
            shutil.rmtree(os.path.join(DPDK_RUNTIME_DIR, self.file_prefix), ignore_errors=True)
            if self._log_file is not None:
                self._log_file.close()
            if self in _live_envs:
                _live_envs.remove(self)
        if problems:
            self.failed = True
            self.print_log_tail(reason="unclean shutdown")
        if not self.failed and not os.environ.get("PILOT_E2E_KEEP_LOG"):
            try:
                os.unlink(self.log_path)
            except OSError:
                pass
        if problems and check:
            raise BeaconExitError("; ".join(problems) + f" (log: {self.log_path})")

    # ---- logs

    def log_text(self) -> str:
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def print_new_log_lines(self, reason: str = "", lines: int = 40) -> None:
        """Prints the log lines written since the previous call (at most
        `lines` of them), so that many failing tests do not repeat the log."""
        text = self.log_text()
        fresh = text[self._printed_upto:].splitlines()
        self._printed_upto = len(text)
        body = "\n".join(fresh[-lines:]) if fresh else "(no new log lines since the previous failure)"
        print(f"\n----- pilot-beacond log, new lines ({reason}; {self.log_path}) -----\n"
              f"{body}\n----- end of log -----", file=sys.stderr, flush=True)

    def print_log_tail(self, reason: str = "", lines: int = 60) -> None:
        print(f"\n----- pilot-beacond log tail ({reason}; {self.log_path}) -----\n"
              f"{self.log_tail(lines)}\n----- end of log -----", file=sys.stderr, flush=True)

    # ---- state

    def is_running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def assert_running(self) -> None:
        if not self.is_running():
            code = self.proc.returncode if self.proc is not None else None
            raise AssertionError(f"pilot-beacond is not running (exit {code}); log: {self.log_path}")

    def beacon_ip(self, family: int) -> str:
        return self.beacon_ipv4 if family == socket.AF_INET else self.beacon_ipv6

    def client_ip(self, family: int, host: int = 0) -> str:
        return (self.client_ipv4 if family == socket.AF_INET else self.client_ipv6)[host]

    def beacon_endpoint(self, family: int, port: Optional[int] = None) -> tuple:
        return (self.beacon_ip(family), self.beacon_port if port is None else port)

    # ---- namespace access

    def ns_socket(self, family: int, kind: int, proto: int = 0) -> socket.socket:
        """A socket created inside the namespace; closed by close()."""
        if self._factory is None:
            raise HarnessError("environment not started")
        s = self._factory.socket(family, kind, proto)
        self._sockets.append(s)
        return s

    def udp_socket(self, family: int = socket.AF_INET, host: int = 0, port: int = 0,
                   timeout: float = 2.0) -> socket.socket:
        """A UDP socket in the namespace bound to client address `host`
        (port 0 = the kernel picks one), with a receive timeout and a
        large receive buffer (reassembled 64 KiB datagrams)."""
        s = self.ns_socket(family, socket.SOCK_DGRAM)
        for opt in (getattr(socket, "SO_RCVBUFFORCE", 33), socket.SO_RCVBUF):
            try:
                s.setsockopt(socket.SOL_SOCKET, opt, 4 << 20)
                break
            except OSError:
                continue
        s.bind((self.client_ip(family, host), port))
        s.settimeout(timeout)
        return s

    def ns_run(self, argv: Sequence[str], timeout: float = COMMAND_TIMEOUT_S,
               check: bool = False) -> subprocess.CompletedProcess:
        """Runs a command inside the namespace."""
        return run(["ip", "netns", "exec", self.netns] + list(argv), timeout=timeout, check=check)

    def ping(self, address: str, count: int = 3, size: Optional[int] = None,
             extra: Sequence[str] = ()) -> subprocess.CompletedProcess:
        argv = ["ping", "-n", "-c", str(count), "-W", "1", "-i", "0.2"]
        if ipaddress.ip_address(address).version == 6:
            argv.insert(1, "-6")
        if size is not None:
            argv += ["-s", str(size)]
        return self.ns_run(argv + list(extra) + [address], timeout=count * 1.5 + 10)

    def neighbours(self) -> Dict[str, Tuple[Optional[str], str]]:
        """The namespace's neighbour table on the client veth:
        {ip: (lladdr or None, state)}."""
        out = run(["ip", "-n", self.netns, "neigh", "show", "dev", self.veth_client]).stdout
        table = {}
        for line in out.splitlines():
            words = line.split()
            if not words:
                continue
            mac = words[words.index("lladdr") + 1].lower() if "lladdr" in words else None
            table[normalise(words[0])] = (mac, words[-1])
        return table

    def flush_neighbours(self) -> None:
        run(["ip", "-n", self.netns, "neigh", "flush", "dev", self.veth_client], check=False)

    def logged_mac(self) -> Optional[str]:
        m = re.search(r"port: started .*?\bmac=([0-9A-Fa-f:]{17})", self.log_text())
        return m.group(1).lower() if m else None


def normalise(ip: str) -> str:
    return str(ipaddress.ip_address(ip.split("%", 1)[0]))


# --------------------------------------------------------------------------
# a Pilot daemon, as the beacon sees it: one UDP socket

class PilotClient:
    """A Pilot daemon's beacon-facing UDP socket inside the namespace."""

    def __init__(self, env: BeaconEnv, family: int = socket.AF_INET, host: int = 0, port: int = 0,
                 timeout: float = 2.0):
        self.env = env
        self.family = family
        self.sock = env.udp_socket(family, host, port, timeout)
        self.timeout = timeout
        self.beacon = env.beacon_endpoint(family)

    @property
    def endpoint(self) -> Tuple[str, int]:
        """This client's address as the beacon should observe it."""
        name = self.sock.getsockname()
        return (normalise(name[0]), name[1])

    def send(self, message, to: Optional[tuple] = None) -> None:
        data = message if isinstance(message, (bytes, bytearray)) else message.encode()
        sent = self.sock.sendto(data, to or self.beacon)
        if sent != len(data):
            raise AssertionError(f"sent {sent} of {len(data)} bytes")

    def recv(self, timeout: Optional[float] = None) -> Tuple[bytes, tuple]:
        """The next datagram and its source; AssertionError on timeout."""
        self.sock.settimeout(self.timeout if timeout is None else timeout)
        try:
            data, source = self.sock.recvfrom(1 << 17)
        except socket.timeout:
            raise AssertionError(f"{self.endpoint}: no datagram within "
                                 f"{self.timeout if timeout is None else timeout} s") from None
        return data, source

    def recv_msg(self, timeout: Optional[float] = None, expect_type=None):
        """The next datagram, decoded strictly; checks that it came from the
        beacon's address and port, and optionally its message class."""
        data, source = self.recv(timeout)
        if (normalise(source[0]), source[1]) != (normalise(self.beacon[0]), self.beacon[1]):
            raise AssertionError(f"datagram from {source[:2]}, expected the beacon {self.beacon}")
        msg = wire.decode(data, strict=True)
        if expect_type is not None and not isinstance(msg, expect_type):
            raise AssertionError(f"expected {expect_type.__name__}, got {wire.message_name(data)}: {msg!r:.200}")
        return msg

    def expect_nothing(self, wait: float = 0.5) -> None:
        """Asserts that no datagram arrives within `wait` seconds."""
        self.sock.settimeout(wait)
        try:
            data, source = self.sock.recvfrom(1 << 17)
        except socket.timeout:
            return
        except ConnectionRefusedError:
            raise AssertionError(f"{self.endpoint}: got an ICMP port unreachable, expected silence") from None
        raise AssertionError(f"{self.endpoint}: expected silence, got {wire.message_name(data)} from {source[:2]}")

    def drain(self, max_datagrams: int = 1000) -> int:
        """Discards whatever is queued; returns how many datagrams."""
        self.sock.settimeout(0.0)
        count = 0
        try:
            while count < max_datagrams:
                self.sock.recvfrom(1 << 17)
                count += 1
        except (BlockingIOError, socket.timeout, ConnectionRefusedError):
            pass
        finally:
            self.sock.settimeout(self.timeout)
        return count

    def discover(self, node_id: int, pubkey: Optional[bytes] = None, ex: bool = False,
                 attempts: int = 3, timeout: float = 1.0) -> wire.DiscoverReply:
        """Sends Discover (DiscoverEx with ex) until a DiscoverReply comes,
        at most `attempts` times, as a daemon does."""
        message = wire.Discover(node_id, pubkey, ex)
        last = None
        for _ in range(attempts):
            self.send(message)
            try:
                return self.recv_msg(timeout, expect_type=wire.DiscoverReply)
            except AssertionError as exc:
                last = exc
        raise AssertionError(f"no DiscoverReply for node {node_id} after {attempts} attempts: {last}")

    def close(self) -> None:
        self.sock.close()


def random_node_id(rng: random.Random = random) -> int:
    return rng.randrange(1, 0xFFFFFFFF)


def payload_of(size: int, seed: int) -> bytes:
    """`size` pseudo-random bytes, the same for the same seed."""
    return random.Random(seed).randbytes(size)


def describe_difference(got: bytes, want: bytes) -> str:
    """Where two byte strings differ, without dumping 60 KiB of hex."""
    common = min(len(got), len(want))
    first = next((i for i in range(common) if got[i] != want[i]), common)
    if len(got) != len(want):
        return f"length {len(got)}, expected {len(want)} (first difference at byte {first})"
    return (f"same length {len(got)}, first difference at byte {first}: "
            f"got {got[first:first + 16].hex()} expected {want[first:first + 16].hex()}")


FAMILY_NAME = {socket.AF_INET: "IPv4", socket.AF_INET6: "IPv6"}


# --------------------------------------------------------------------------
# unittest glue

class BeaconTestCase(unittest.TestCase):
    """One BeaconEnv for the whole class (started in setUpClass, stopped in a
    class clean-up that fails the run if the beacon did not exit 0 with all
    mbufs returned). A failing test prints the beacon log's tail.

    Subclasses set `beacon_options` (BeaconEnv keyword arguments)."""

    beacon_options: dict = {}
    env: BeaconEnv

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        env = BeaconEnv(**cls.beacon_options)
        env.__enter__()
        cls.env = env
        cls.addClassCleanup(env.close, True)

    def setUp(self) -> None:
        super().setUp()
        self.env.assert_running()

    def client(self, family: int = socket.AF_INET, host: int = 0, port: int = 0,
               timeout: float = 2.0) -> PilotClient:
        c = PilotClient(self.env, family, host, port, timeout)
        self.addCleanup(c.close)
        return c

    # ---- protocol helpers

    def discovered(self, family: int = socket.AF_INET, ex: bool = False, host: int = 0,
                   pubkey: Optional[bytes] = None, node_id: Optional[int] = None) -> Tuple[PilotClient, int]:
        """A new client that has discovered (DiscoverEx with ex) under a fresh
        id, after checking the DiscoverReply: (client, id)."""
        client = self.client(family, host=host)
        node_id = random_node_id() if node_id is None else node_id
        reply = client.discover(node_id, pubkey=pubkey, ex=ex)
        self.assert_reply_is_endpoint(reply, client)
        return client, node_id

    def assert_reply_is_endpoint(self, reply, client: PilotClient) -> None:
        """A DiscoverReply/PunchCommand names exactly `client`'s observed
        address and port, with iplen 4 for IPv4 and 16 for IPv6."""
        self.assertEqual((normalise(reply.ip), reply.port), client.endpoint,
                         f"the beacon reported {reply.ip}:{reply.port}, the client is {client.endpoint}")
        self.assertEqual(reply.iplen, 4 if client.family == socket.AF_INET else 16)

    def assert_datagram(self, client: PilotClient, want: bytes, what: str, timeout: float = 2.0) -> None:
        """The next datagram at `client` comes from the beacon and is
        byte for byte `want`."""
        try:
            data, source = client.recv(timeout)
        except AssertionError as exc:
            raise AssertionError(f"{what}: nothing arrived ({exc})") from None
        self.assertEqual((normalise(source[0]), source[1]), (normalise(client.beacon[0]), client.beacon[1]),
                         f"{what}: came from {source[:2]}, not from the beacon")
        if data != want:
            self.fail(f"{what}: {wire.message_name(data)} differs from the expected "
                      f"{wire.message_name(want)}: {describe_difference(data, want)}")

    def assert_relay(self, sender: PilotClient, sender_id: int, dest: PilotClient, dest_id: int,
                     payload: bytes, dest_wants_dest: bool = False, timeout: float = 2.0) -> None:
        """Relay(sender_id, dest_id, payload) from `sender` reaches `dest` as
        RelayDeliver (RelayDeliverDest when dest registered with DiscoverEx),
        byte-exact."""
        sender.send(wire.Relay(sender_id, dest_id, payload))
        if dest_wants_dest:
            want = wire.RelayDeliverDest(sender_id, dest_id, payload).encode()
        else:
            want = wire.RelayDeliver(sender_id, payload).encode()
        self.assert_datagram(dest, want, f"relay of {len(payload)} bytes {sender_id} -> {dest_id} "
                                         f"({FAMILY_NAME[sender.family]} -> {FAMILY_NAME[dest.family]})",
                             timeout)

    # ---- failure reporting

    def run(self, result=None):
        if result is None:
            return super().run(result)
        before = len(result.failures) + len(result.errors)
        outcome = super().run(result)
        if len(result.failures) + len(result.errors) > before:
            env = getattr(type(self), "env", None)
            if env is not None:
                env.failed = True
                env.print_new_log_lines(reason=f"{self.id()} failed", lines=40)
        return outcome
