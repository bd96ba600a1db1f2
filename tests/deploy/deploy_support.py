"""deploy_support — shared helpers of the tests/deploy modules: where the
source tree, build tree and pilot-beacond are, running a deploy script with
a bounded time, and a fake host tree (/sys, /proc, /dev) for --sysroot."""

import os
import socket
import subprocess

REPO = os.path.abspath(os.environ.get("PILOT_REPO_ROOT") or os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("PILOT_BUILD_DIR", "")
BEACOND = os.environ.get("PILOT_BEACOND", "")
SCRIPT_TIMEOUT_S = 60


def deploy_script(name):
    return os.path.join(REPO, "deploy", name)


def run_script(name, args, env=None, netns=None):
    """Runs deploy/<name> ARGS; returns the CompletedProcess (text)."""
    argv = [deploy_script(name)] + list(args)
    if netns:
        argv = ["ip", "netns", "exec", netns] + argv
    return subprocess.run(argv, capture_output=True, text=True, timeout=SCRIPT_TIMEOUT_S,
                          env=dict(os.environ, **(env or {})))


def run(argv, **kwargs):
    """Runs a command that must succeed; the error names it and its output."""
    result = subprocess.run(argv, capture_output=True, text=True, timeout=SCRIPT_TIMEOUT_S, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr}{result.stdout}")
    return result


def write(root, path, text=""):
    full = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


def symlink(root, path, target):
    full = os.path.join(root, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    os.symlink(target, full)


def free_tcp_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
