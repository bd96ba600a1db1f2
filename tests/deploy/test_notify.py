"""pilot-beacond as a systemd Type=notify service, without systemd: the real
beacon (tests/integration's BeaconEnv, af_packet on a veth) with
NOTIFY_SOCKET naming an abstract datagram socket this test reads, and
WATCHDOG_USEC set. It must send READY=1 once serving, WATCHDOG=1 about
every second, RELOADING=1 then READY=1 around SIGHUP, and STOPPING=1 as
soon as SIGTERM starts the drain."""

import os
import signal
import socket
import threading
import time
import unittest

from beacon_harness import BeaconEnv

WATCHDOG_USEC = 10_000_000
WAIT_S = 10.0


class NotifySocket:
    """The service manager's end; collects (monotonic time, message) pairs."""

    def __init__(self):
        self.name = f"@pb-notify-e2e-{os.getpid()}"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("\0" + self.name[1:])
        self.sock.settimeout(0.2)
        self.messages = []
        self.lock = threading.Lock()
        self.running = True
        self.thread = threading.Thread(target=self._receive, daemon=True)
        self.thread.start()

    def _receive(self):
        while self.running:
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                continue
            with self.lock:
                self.messages.append((time.monotonic(), data.decode()))

    def wait_for(self, predicate, what, after=0.0):
        """The first message after `after` (monotonic) satisfying predicate."""
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            with self.lock:
                for stamp, text in self.messages:
                    if stamp >= after and predicate(text):
                        return stamp, text
            time.sleep(0.05)
        with self.lock:
            seen = [m for _, m in self.messages]
        raise AssertionError(f"no {what} within {WAIT_S:.0f} s; received: {seen}")

    def since(self, after):
        with self.lock:
            return [(s, m) for s, m in self.messages if s >= after]

    def close(self):
        self.running = False
        self.thread.join(timeout=5)
        self.sock.close()


def lines(text):
    return text.split("\n")


class Notify(unittest.TestCase):
    def test_ready_watchdog_reload_stopping(self):
        manager = NotifySocket()
        self.addCleanup(manager.close)
        saved = {k: os.environ.get(k) for k in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")}

        def restore():
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

        os.environ.update(NOTIFY_SOCKET=manager.name, WATCHDOG_USEC=str(WATCHDOG_USEC))
        os.environ.pop("WATCHDOG_PID", None)
        try:
            with BeaconEnv(extra_set=["control.drain_grace_s=60"]) as env:  # the beacon inherits them
                restore()
                self.exercise(env, manager)
        finally:
            restore()

    def exercise(self, env, manager):
        started, ready = manager.wait_for(lambda m: "READY=1" in lines(m), "READY=1")
        self.assertIn("STATUS=serving: beacon port 9001 on 10.201.", ready)
        self.assertIn("2 workers", ready)

        manager.wait_for(lambda m: m == "WATCHDOG=1", "WATCHDOG=1", after=started)
        time.sleep(3.2)
        beats = [s for s, m in manager.since(started) if m == "WATCHDOG=1"]
        self.assertGreaterEqual(len(beats), 3, "about one WATCHDOG=1 per second")
        gaps = [b - a for a, b in zip(beats, beats[1:])]
        self.assertLess(max(gaps), 1.8, f"gaps between WATCHDOG=1: {gaps}")

        hup = time.monotonic()
        env.proc.send_signal(signal.SIGHUP)
        reloading, text = manager.wait_for(lambda m: "RELOADING=1" in lines(m), "RELOADING=1", after=hup)
        self.assertRegex(text, r"MONOTONIC_USEC=\d+")
        _, text = manager.wait_for(lambda m: "READY=1" in lines(m), "READY=1 after the reload", after=reloading)
        self.assertNotIn("invalid", text)

        term = time.monotonic()
        env.proc.send_signal(signal.SIGTERM)
        stamp, text = manager.wait_for(lambda m: "STOPPING=1" in lines(m), "STOPPING=1", after=term)
        self.assertLess(stamp - term, 2.0)
        self.assertIn("STATUS=draining (SIGTERM): health answers 503 for 60 s", text)
        # Draining keeps serving, and so the watchdog keeps being fed.
        manager.wait_for(lambda m: m == "WATCHDOG=1", "WATCHDOG=1 while draining", after=stamp)
        self.assertIsNone(env.proc.poll(), "the beacon drains, it does not exit yet")
        # env.close() ends the drain with SIGINT and checks a clean exit.


if __name__ == "__main__":
    unittest.main()
