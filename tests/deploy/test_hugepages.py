"""deploy/hugepages: per-NUMA-node reservation on a fake /sys (--sysroot),
idempotent, with plain errors; and a real hugetlbfs mount in a temporary
folder (the host's reservation is never touched)."""

import os
import shutil
import subprocess
import tempfile
import unittest

from deploy_support import run_script, write

POOL = "/sys/devices/system/node/node{}/hugepages/hugepages-2048kB/nr_hugepages"


class Reserve(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="pb-huge-")
        self.addCleanup(shutil.rmtree, self.root)
        os.makedirs(os.path.join(self.root, "sys/kernel/mm/hugepages/hugepages-2048kB"))
        for node in (0, 1):
            write(self.root, POOL.format(node), "0\n")

    def pages(self, node):
        with open(os.path.join(self.root, POOL.format(node).lstrip("/"))) as f:
            return int(f.read())

    def hugepages(self, *args):
        return run_script("hugepages", ["--sysroot", self.root, "--no-mount"] + list(args))

    def test_every_node_then_idempotent(self):
        result = self.hugepages("--pages", "64")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual((self.pages(0), self.pages(1)), (64, 64))
        self.assertIn("node 1: 64 x 2M pages reserved (was 0)", result.stdout)
        again = self.hugepages("--pages", "64")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("node 0: 64 x 2M pages reserved (was 64)", again.stdout)

    def test_one_node(self):
        self.assertEqual(self.hugepages("--pages", "32", "--node", "1").returncode, 0)
        self.assertEqual((self.pages(0), self.pages(1)), (0, 32))

    def test_dry_run_changes_nothing(self):
        result = self.hugepages("--pages", "8", "--dry-run")
        self.assertIn(f"would write 8 to {POOL.format(0)}", result.stdout)
        self.assertEqual((self.pages(0), self.pages(1)), (0, 0))

    def test_errors_in_words(self):
        result = self.hugepages("--pages", "1", "--node", "3")
        self.assertEqual(result.returncode, 1)
        self.assertIn("there is no NUMA node 3 (this host has 0, 1)", result.stderr)
        result = self.hugepages("--pages", "1", "--size", "1G")
        self.assertEqual(result.returncode, 1)
        self.assertIn("this kernel or CPU offers no 1G hugepages", result.stderr)


class Mount(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="pb-hugemnt-")
        self.addCleanup(shutil.rmtree, self.folder)
        self.mountpoint = os.path.join(self.folder, "huge")

    def test_mount_twice_then_refuse_other_filesystems(self):
        self.addCleanup(subprocess.run, ["umount", self.mountpoint], capture_output=True, timeout=30)
        for expected in ("mounted; group 0, mode 1770", "already mounted; group 0, mode 1770"):
            result = run_script("hugepages", ["--mount", self.mountpoint, "--group", "root"])
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn(expected, result.stdout)
        with open("/proc/mounts") as f:
            line = next(l for l in f if l.split()[1] == self.mountpoint)
        self.assertEqual(line.split()[2], "hugetlbfs")
        self.assertEqual(oct(os.stat(self.mountpoint).st_mode & 0o7777), "0o1770")
        result = run_script("hugepages", ["--mount", "/proc"])
        self.assertEqual(result.returncode, 1)
        self.assertIn("/proc is already a proc mount, not hugetlbfs", result.stderr)


if __name__ == "__main__":
    unittest.main()
