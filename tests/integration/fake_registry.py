"""fake_registry — a Pilot registry (PROTOCOL.md section 4: a 4-byte
big-endian length, then JSON) on 127.0.0.1 that a test switches between
faults while the real pilot-beacond talks to it:

  refuse     the port is bound but not listening: connection refused
  silent     accepts, reads, never answers
  bad_json   answers a frame that is not JSON
  oversize   announces a 16 MiB reply
  good       answers beacon_register and beacon_list as the registry does

Every accepted connection is recorded (time, requests read). Standard
library only; one thread accepts, one thread per connection.
"""

import json
import socket
import struct
import threading
import time
from typing import List, Optional, Sequence

MODES = ("refuse", "silent", "bad_json", "oversize", "good")


class Connection:
    def __init__(self, accepted_at: float, mode: str):
        self.accepted_at = accepted_at
        self.mode = mode
        self.requests: List[dict] = []


class FakeRegistry:
    def __init__(self, beacons: Sequence[dict] = ()):
        self.beacons = list(beacons)
        self.mode = "refuse"
        self.connections: List[Connection] = []
        self._lock = threading.Lock()
        self._closing = False
        self._held: List[socket.socket] = []
        self._listener = self._bound_socket(0)
        self.port = self._listener.getsockname()[1]
        self._thread: Optional[threading.Thread] = None

    @staticmethod
    def _bound_socket(port: int) -> socket.socket:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        return s

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def set_mode(self, mode: str) -> None:
        """Switches the fault; leaving `refuse` starts listening."""
        if mode not in MODES:
            raise ValueError(mode)
        if mode == "refuse":
            raise ValueError("refuse is only the initial mode")
        self.mode = mode
        if self._thread is None:
            self._listener.listen(16)
            self._listener.settimeout(0.2)
            self._thread = threading.Thread(target=self._accept_loop, daemon=True)
            self._thread.start()

    def registrations(self) -> List[dict]:
        with self._lock:
            return [r for c in self.connections for r in c.requests if r.get("type") == "beacon_register"]

    def accepted(self, mode: Optional[str] = None) -> List[float]:
        with self._lock:
            return [c.accepted_at for c in self.connections if mode is None or c.mode == mode]

    def _accept_loop(self) -> None:
        while not self._closing:
            try:
                conn, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            record = Connection(time.monotonic(), self.mode)
            with self._lock:
                self.connections.append(record)
                self._held.append(conn)
            threading.Thread(target=self._serve, args=(conn, record), daemon=True).start()

    @staticmethod
    def _read_frame(conn: socket.socket) -> Optional[dict]:
        header = b""
        while len(header) < 4:
            chunk = conn.recv(4 - len(header))
            if not chunk:
                return None
            header += chunk
        (length,) = struct.unpack("!I", header)
        body = b""
        while len(body) < length:
            chunk = conn.recv(length - len(body))
            if not chunk:
                return None
            body += chunk
        return json.loads(body)

    @staticmethod
    def _send(conn: socket.socket, payload: bytes) -> None:
        conn.sendall(struct.pack("!I", len(payload)) + payload)

    def _answer(self, request: dict) -> bytes:
        if request.get("type") == "beacon_register":
            return json.dumps({"type": "beacon_register_ok", "beacon_id": request.get("beacon_id")}).encode()
        return json.dumps({"type": "beacon_list_ok", "beacons": self.beacons}).encode()

    def _serve(self, conn: socket.socket, record: Connection) -> None:
        conn.settimeout(30)
        try:
            while not self._closing:
                request = self._read_frame(conn)
                if request is None:
                    return
                with self._lock:
                    record.requests.append(request)
                if record.mode == "silent":
                    continue
                if record.mode == "bad_json":
                    self._send(conn, b"{not json")
                elif record.mode == "oversize":
                    conn.sendall(struct.pack("!I", 16 << 20) + b"{" * 1024)
                else:
                    self._send(conn, self._answer(request))
        except (OSError, ValueError):
            return
        finally:
            conn.close()

    def close(self) -> None:
        self._closing = True
        self._listener.close()
        with self._lock:
            for conn in self._held:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        if self._thread is not None:
            self._thread.join(timeout=5)
