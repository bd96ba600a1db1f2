"""deploy/check against fake hosts (--sysroot): a host that is ready exits 0
with every check ok; each missing condition is reported in plain words,
problems with exit 1, warnings (performance) with exit 0; --json."""

import json
import os
import shutil
import socket
import tempfile
import unittest

from deploy_support import BEACOND, free_tcp_port, run_script, symlink, write

PCI = "0000:01:00.0"
CONFIG = """
dpdk: {{lcores: "0-2", hugepages: true, memory_mb: 1024}}
port: {{device: "{device}", queues: 2, ipv4: {{address: 10.9.0.1/24}}}}
beacon: {{max_nodes: 100000}}
dataplane: {{idle_backoff: {{enabled: false}}}}
control: {{health: "127.0.0.1:{health}"}}
"""


def ready_host(root):
    """A host with everything: 512 free 2 MiB pages and a hugetlbfs mount,
    IOMMU on with iommu=pt, vfio-pci loaded and the NIC bound to it on NUMA
    node 0, CPUs 1-2 isolated and tickless, unlimited memlock."""
    hp = "/sys/kernel/mm/hugepages/hugepages-2048kB"
    write(root, f"{hp}/nr_hugepages", "512\n")
    write(root, f"{hp}/free_hugepages", "512\n")
    write(root, "/proc/mounts", "sysfs /sys sysfs rw 0 0\nhugetlbfs /dev/hugepages hugetlbfs rw,pagesize=2M 0 0\n")
    write(root, "/proc/cmdline", "BOOT_IMAGE=/vmlinuz intel_iommu=on iommu=pt isolcpus=1-2 nohz_full=1-2 "
                                 "rcu_nocbs=1-2 quiet\n")
    write(root, "/proc/self/limits", "Limit                     Soft Limit           Hard Limit           Units\n"
                                     "Max locked memory         unlimited            unlimited            bytes\n")
    dev = f"/sys/bus/pci/devices/{PCI}"
    write(root, f"{dev}/numa_node", "0\n")
    os.makedirs(os.path.join(root, "sys/bus/pci/drivers/vfio-pci"))
    os.makedirs(os.path.join(root, "sys/bus/pci/drivers/ixgbe"))
    symlink(root, f"{dev}/driver", "../../../bus/pci/drivers/vfio-pci")
    os.makedirs(os.path.join(root, "sys/kernel/iommu_groups/12"))
    symlink(root, f"{dev}/iommu_group", "../../../kernel/iommu_groups/12")
    write(root, "/sys/devices/system/cpu/online", "0-3\n")
    write(root, "/sys/devices/system/cpu/isolated", "1-2\n")
    write(root, "/sys/devices/system/cpu/nohz_full", "1-2\n")
    write(root, "/sys/devices/system/node/node0/cpulist", "0-3\n")
    write(root, "/dev/net/tun")


class Check(unittest.TestCase):
    def setUp(self):
        self.assertTrue(BEACOND and os.access(BEACOND, os.X_OK), "PILOT_BEACOND must name the built pilot-beacond")
        self.root = tempfile.mkdtemp(prefix="pb-check-")
        self.addCleanup(shutil.rmtree, self.root)
        ready_host(self.root)
        self.health = free_tcp_port()
        self.device = PCI

    def path(self, relative):
        return os.path.join(self.root, relative.lstrip("/"))

    def check(self, *extra):
        config = os.path.join(self.root, "beacon.yaml")
        with open(config, "w") as f:
            f.write(CONFIG.format(device=self.device, health=self.health))
        return run_script("check", ["--config", config, "--beacond", BEACOND, "--sysroot", self.root] + list(extra))

    def assert_reported(self, status, phrase, exit_code):
        result = self.check()
        lines = [l for l in result.stdout.splitlines() if phrase in l]
        self.assertTrue(lines, f"'{phrase}' not reported:\n{result.stdout}{result.stderr}")
        self.assertTrue(lines[0].strip().lower().startswith(status), lines[0])
        self.assertEqual(result.returncode, exit_code, result.stdout)
        return result.stdout

    def test_ready_host(self):
        result = self.check()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("ready: 0 problem(s), 0 warning(s)", result.stdout)
        self.assertIn(f"{PCI} is bound to vfio-pci", result.stdout)
        self.assertIn("1 GiB free of 1 GiB reserved", result.stdout)

    def test_json(self):
        os.unlink(self.path("/sys/bus/pci/devices/0000:01:00.0/driver"))
        result = self.check("--json")
        self.assertEqual(result.returncode, 1)
        report = json.loads(result.stdout)
        self.assertFalse(report["ready"])
        problems = [c for c in report["checks"] if c["status"] == "problem"]
        self.assertEqual([c["check"] for c in problems], ["nic"])
        self.assertIn("bound to no driver", problems[0]["message"])

    def test_hugepages_not_free(self):
        write(self.root, "/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "100\n")
        self.assert_reported("problem", "200 MiB of hugepages free, the configuration asks for 1 GiB", 1)

    def test_no_hugetlbfs(self):
        write(self.root, "/proc/mounts", "sysfs /sys sysfs rw 0 0\n")
        self.assert_reported("problem", "no hugetlbfs file system is mounted", 1)

    def test_no_iommu(self):
        os.unlink(self.path("/sys/bus/pci/devices/0000:01:00.0/iommu_group"))
        shutil.rmtree(self.path("/sys/kernel/iommu_groups/12"))
        write(self.root, "/proc/cmdline", "quiet\n")
        out = self.assert_reported("problem", "no IOMMU is active", 1)
        self.assertIn("intel_iommu=on iommu=pt", out)

    def test_iommu_not_passthrough(self):
        write(self.root, "/proc/cmdline", "intel_iommu=on isolcpus=1-2 nohz_full=1-2\n")
        self.assert_reported("warning", "iommu=pt is not on the kernel command line", 0)

    def test_vfio_not_loaded(self):
        os.unlink(self.path("/sys/bus/pci/devices/0000:01:00.0/driver"))
        shutil.rmtree(self.path("/sys/bus/pci/drivers/vfio-pci"))
        symlink(self.root, "/sys/bus/pci/devices/0000:01:00.0/driver", "../../../bus/pci/drivers/ixgbe")
        out = self.assert_reported("problem", "the vfio-pci module is not loaded", 1)
        self.assertIn("bound to the kernel driver ixgbe, not to vfio-pci: bind it with `deploy/nic-bind "
                      "0000:01:00.0`", out)

    def test_nic_missing(self):
        self.device = "0000:02:00.0"
        self.assert_reported("problem", "there is no PCI device 0000:02:00.0", 1)

    def test_vdev_interface_missing(self):
        self.device = "net_af_packet0,iface=pbnope0"
        self.assert_reported("problem", "names the interface pbnope0, which does not exist", 1)

    def test_workers_not_isolated(self):
        write(self.root, "/sys/devices/system/cpu/isolated", "\n")
        write(self.root, "/proc/cmdline", "intel_iommu=on iommu=pt nohz_full=1-2\n")
        self.assert_reported("warning", "worker CPUs 1-2 are not isolated", 0)

    def test_workers_take_the_tick(self):
        write(self.root, "/sys/devices/system/cpu/nohz_full", "\n")
        write(self.root, "/proc/cmdline", "intel_iommu=on iommu=pt isolcpus=1-2\n")
        self.assert_reported("warning", "worker CPUs 1-2 still take the scheduler tick", 0)

    def test_cpus_offline(self):
        write(self.root, "/sys/devices/system/cpu/online", "0-1\n")
        self.assert_reported("problem", "dpdk.lcores uses CPUs 2, which this host does not have online", 1)

    def test_nic_on_another_numa_node(self):
        write(self.root, "/sys/bus/pci/devices/0000:01:00.0/numa_node", "1\n")
        write(self.root, "/sys/devices/system/node/node0/cpulist", "0-1\n")
        write(self.root, "/sys/devices/system/node/node1/cpulist", "2-3\n")
        self.assert_reported("warning", "is on NUMA node 1, but worker CPUs 1 are on another node", 0)

    def test_memlock_low(self):
        write(self.root, "/proc/self/limits", "Max locked memory         65536                65536       bytes\n")
        self.assert_reported("warning", "the locked-memory limit here is 64 KiB", 0)

    def test_health_port_in_use(self):
        with socket.socket() as holder:
            holder.bind(("127.0.0.1", self.health))
            holder.listen()
            self.assert_reported("problem", f"127.0.0.1:{self.health} is already in use", 1)

    def test_config_does_not_load(self):
        self.device = "0000:01:00.0\", queues: 99999, x: \""
        out = self.assert_reported("problem", "does not load", 1)
        self.assertIn("port.queues: 99999 is out of range", out)


if __name__ == "__main__":
    unittest.main()
