"""The .deb, built by CPack from this (already built) build tree into a
temporary folder: its files, Depends and conffiles; its maintainer scripts
parse; its systemd units, unpacked, pass `systemd-analyze verify` without a
single warning (plain and with the af_xdp drop-in) and a bounded exposure
in `systemd-analyze security`; its logrotate file rotates an appending log
with copytruncate."""

import glob
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

from deploy_support import BUILD, run

EXPECTED_FILES = [
    "./usr/sbin/pilot-beacond",
    "./usr/bin/pilot-pktgen",
    "./usr/sbin/pilot-beacon-check",
    "./usr/sbin/pilot-beacon-nic-bind",
    "./usr/sbin/pilot-beacon-hugepages",
    "./etc/pilot-beacon/appliance.yaml",
    "./etc/pilot-beacon/dev.yaml",
    "./etc/default/pilot-beacon",
    "./etc/logrotate.d/pilot-beacon",
    "./lib/systemd/system/pilot-beacond.service",
    "./lib/systemd/system/pilot-beacon-hugepages.service",
    "./lib/udev/rules.d/60-pilot-beacon-vfio.rules",
    "./usr/share/doc/pilot-beacon/operations.md",
    "./usr/share/doc/pilot-beacon/examples/pilot-beacon-wss.conf",
    "./usr/share/doc/pilot-beacon/examples/Caddyfile",
    "./usr/share/doc/pilot-beacon/examples/af-xdp.conf.example",
    "./usr/share/pilot-beacon/pktgen-scenarios/relay-64B.yaml",
]
CONFFILES = ["/etc/pilot-beacon/appliance.yaml", "/etc/pilot-beacon/dev.yaml", "/etc/default/pilot-beacon",
             "/etc/logrotate.d/pilot-beacon"]
# Runtime libraries (dpkg-shlibdeps) and the DPDK plugins the EAL loads.
EXPECTED_DEPENDS = ["librte-eal23", "librte-ethdev23", "libsodium23", "libyaml-cpp0.7", "libssl3",
                    "libstdc++6", "dpdk", "librte-mempool-ring23", "librte-bus-pci23", "librte-net-af-xdp23",
                    "python3", "iproute2", "adduser"]
UNITS = ["/lib/systemd/system/pilot-beacond.service", "/lib/systemd/system/pilot-beacon-hugepages.service"]
MAX_EXPOSURE = 5.0  # systemd-analyze security: "OK" or better


class Package(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert BUILD and os.path.isfile(os.path.join(BUILD, "CPackConfig.cmake")), \
            "PILOT_BUILD_DIR must name a configured build tree"
        cls.tmp = tempfile.mkdtemp(prefix="pb-deb-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp)
        started = time.monotonic()
        run(["cpack", "-G", "DEB", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", cls.tmp])
        cls.cpack_s = time.monotonic() - started
        debs = glob.glob(os.path.join(cls.tmp, "pilot-beacon_*.deb"))
        assert len(debs) == 1, f"expected one pilot-beacon_*.deb in {cls.tmp}, found {debs}"
        cls.deb = debs[0]

    def field(self, name):
        return run(["dpkg-deb", "-f", self.deb, name]).stdout.strip()

    def test_files(self):
        listing = run(["dpkg-deb", "-c", self.deb]).stdout
        paths = {line.split()[-1] for line in listing.splitlines()}
        for path in EXPECTED_FILES:
            self.assertIn(path, paths)
        modes = {line.split()[-1]: line.split()[0] for line in listing.splitlines()}
        self.assertEqual(modes["./usr/sbin/pilot-beacon-check"], "-rwxr-xr-x")
        self.assertEqual(modes["./etc/pilot-beacon/appliance.yaml"], "-rw-r--r--")

    def test_control(self):
        self.assertEqual(self.field("Package"), "pilot-beacon")
        depends = [d.strip().split()[0] for d in self.field("Depends").split(",")]
        for package in EXPECTED_DEPENDS:
            self.assertIn(package, depends)
        info = run(["dpkg-deb", "-I", self.deb]).stdout
        for script in ("postinst", "prerm", "postrm", "conffiles"):
            self.assertRegex(info, rf"\b{script}\b")
        control = os.path.join(self.tmp, "control")
        run(["dpkg-deb", "-e", self.deb, control])
        with open(os.path.join(control, "conffiles")) as f:
            self.assertEqual(f.read().split(), CONFFILES)
        for script in ("postinst", "prerm", "postrm"):
            run(["sh", "-n", os.path.join(control, script)])
            self.assertTrue(os.access(os.path.join(control, script), os.X_OK), script)

    def unpacked_root(self):
        """The package unpacked over a copy of the host's unit folder, so the
        units' dependencies (sysinit.target, ...) resolve."""
        root = tempfile.mkdtemp(prefix="root-", dir=self.tmp)
        shutil.copytree("/lib/systemd/system", os.path.join(root, "lib/systemd/system"), symlinks=True)
        os.makedirs(os.path.join(root, "bin"))
        for tool in ("/bin/sh", "/bin/kill"):
            shutil.copy(tool, os.path.join(root, "bin"))
        run(["dpkg-deb", "-x", self.deb, root])
        return root

    def verify(self, root):
        result = subprocess.run(["systemd-analyze", "verify", f"--root={root}"] + UNITS, capture_output=True,
                                text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr.strip(), "", "systemd-analyze verify warned")

    def test_units_verify(self):
        root = self.unpacked_root()
        self.verify(root)
        dropins = os.path.join(root, "etc/systemd/system/pilot-beacond.service.d")
        os.makedirs(dropins)
        shutil.copy(os.path.join(root, "usr/share/doc/pilot-beacon/examples/af-xdp.conf.example"),
                    os.path.join(dropins, "af-xdp.conf"))
        self.verify(root)

    def test_unit_exposure(self):
        root = self.unpacked_root()
        result = run(["systemd-analyze", "security", "--offline=yes", f"--root={root}", "pilot-beacond.service"])
        match = re.search(r"Overall exposure level for pilot-beacond.service: ([\d.]+)", result.stdout)
        self.assertTrue(match, result.stdout[-500:])
        self.assertLessEqual(float(match.group(1)), MAX_EXPOSURE, result.stdout)

    def test_logrotate_copytruncate(self):
        root = self.unpacked_root()
        logs = os.path.join(self.tmp, "logs")
        os.makedirs(logs)
        with open(os.path.join(root, "etc/logrotate.d/pilot-beacon")) as f:
            config = f.read().replace("/var/log/pilot-beacon", logs).replace("su pilot-beacon pilot-beacon",
                                                                            "su root root")
        conf = os.path.join(self.tmp, "logrotate.conf")
        with open(conf, "w") as f:
            f.write(config)
        log = os.path.join(logs, "pilot-beacond.log")
        writer = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)  # as StandardError=append:
        try:
            os.write(writer, b"before rotation\n" * 100)
            result = run(["logrotate", "-v", "-f", "-s", os.path.join(self.tmp, "state"), conf])
            self.assertNotIn("error:", result.stderr + result.stdout)
            os.write(writer, b"after rotation\n")
        finally:
            os.close(writer)
        with open(log, "rb") as f:
            self.assertEqual(f.read(), b"after rotation\n", "the appending writer continues at the start")
        with open(log + ".1", "rb") as f:
            self.assertEqual(f.read(), b"before rotation\n" * 100)


if __name__ == "__main__":
    unittest.main()
