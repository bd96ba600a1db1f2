"""deploy/nic-bind's refusals, on a veth pair in a network namespace where
one end (A) is the host's management interface (addresses, both default
routes) and the other (B) carries nothing. A fake /sys (--sysroot) gives
each end a PCI address where a test needs one; routes and addresses are the
namespace's real ones. Nothing is ever bound (--dry-run or refusal)."""

import os
import shutil
import tempfile
import unittest

from deploy_support import run, run_script, symlink, write

PCI_A = "0000:01:00.0"
PCI_B = "0000:02:00.0"


class NicBind(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        pid = os.getpid()
        cls.ns = f"pbnb-{pid}"
        cls.a, cls.b = f"pbnb{pid}a"[:15], f"pbnb{pid}b"[:15]
        run(["ip", "netns", "add", cls.ns])
        cls.addClassCleanup(run, ["ip", "netns", "delete", cls.ns])
        ns = ["ip", "-n", cls.ns]
        run(ns + ["link", "add", cls.a, "type", "veth", "peer", "name", cls.b])
        for iface in (cls.a, cls.b):
            run(ns + ["link", "set", iface, "up"])
        run(ns + ["addr", "add", "10.203.0.2/24", "dev", cls.a])
        run(ns + ["-6", "addr", "add", "fd23::2/64", "dev", cls.a, "nodad"])
        run(ns + ["route", "add", "default", "via", "10.203.0.1"])
        run(ns + ["-6", "route", "add", "default", "via", "fd23::1", "dev", cls.a])
        run(ns + ["route", "add", "10.204.0.0/24", "dev", cls.b])  # where a test's SSH client sits

    def setUp(self):
        self.sysroot = tempfile.mkdtemp(prefix="pb-nicbind-")
        self.addCleanup(shutil.rmtree, self.sysroot)
        for pci, iface in ((PCI_A, self.a), (PCI_B, self.b)):
            dev = f"/sys/bus/pci/devices/{pci}"
            os.makedirs(os.path.join(self.sysroot, dev.lstrip("/"), "net", iface))
            symlink(self.sysroot, f"{dev}/driver", "../../../bus/pci/drivers/ixgbe")
        os.makedirs(os.path.join(self.sysroot, "sys/bus/pci/drivers/ixgbe"))

    def nic_bind(self, *args, env=None):
        return run_script("nic-bind", list(args), env=dict({"SSH_CONNECTION": ""}, **(env or {})), netns=self.ns)

    def assert_refused(self, result, *reasons):
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("refusing to bind", result.stderr)
        for reason in reasons:
            self.assertIn(reason, result.stderr)
        self.assertNotIn("would run", result.stdout)

    def test_management_interface_refused(self):
        result = self.nic_bind("--dry-run", "--sysroot", self.sysroot, PCI_A)
        self.assert_refused(result,
                            f"{self.a} carries the IPv4 default route (via 10.203.0.1): binding it would cut this "
                            "host off the network",
                            f"{self.a} carries the IPv6 default route (via fd23::1)",
                            f"{self.a} has the address 10.203.0.2/24: the host uses it",
                            f"{self.a} has the address fd23::2/64")

    def test_ssh_session_refused(self):
        result = self.nic_bind("--dry-run", "--sysroot", self.sysroot, PCI_B,
                               env={"SSH_CONNECTION": "10.204.0.9 51000 10.203.0.2 22"})
        self.assert_refused(result, f"{self.b} carries this SSH session (from 10.204.0.9 to 10.203.0.2)")
        self.assertNotIn("default route", result.stderr)

    def test_veth_has_no_pci_address(self):
        result = self.nic_bind("--dry-run", self.b)
        self.assert_refused(result, f"{self.b} has no PCI address: it is a virtual interface",
                            f"net_af_packet0,iface={self.b}")

    def test_unknown_device(self):
        self.assert_refused(self.nic_bind("--dry-run", "pbnbnothere"),
                            "there is no network interface or PCI device called pbnbnothere")
        self.assert_refused(self.nic_bind("--dry-run", "--sysroot", self.sysroot, "0000:09:00.0"),
                            "there is no PCI device 0000:09:00.0")

    def test_dry_run_of_an_unused_nic(self):
        result = self.nic_bind("--dry-run", "--sysroot", self.sysroot, PCI_B)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(f"{PCI_B} ({self.b}): ixgbe -> vfio-pci", result.stdout)
        self.assertIn("would run: modprobe vfio_pci", result.stdout)
        self.assertRegex(result.stdout, rf"would run: \S*dpdk-devbind.py --bind vfio-pci {PCI_B}")

    def test_restore_dry_run(self):
        state = os.path.join(self.sysroot, "state")
        write(state, PCI_B, "ixgbe\n")
        os.unlink(os.path.join(self.sysroot, f"sys/bus/pci/devices/{PCI_B}/driver"))
        symlink(self.sysroot, f"/sys/bus/pci/devices/{PCI_B}/driver", "../../../bus/pci/drivers/vfio-pci")
        result = self.nic_bind("--restore", "--dry-run", "--state-dir", state, "--sysroot", self.sysroot, PCI_B)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertRegex(result.stdout, rf"would run: \S*dpdk-devbind.py --bind ixgbe {PCI_B}")
        os.unlink(os.path.join(state, PCI_B))
        result = self.nic_bind("--restore", "--dry-run", "--state-dir", state, "--sysroot", self.sysroot, PCI_B)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"no record of {PCI_B}'s kernel driver", result.stderr)


if __name__ == "__main__":
    unittest.main()
