"""Fault test: the data port's link goes down and up under the real
pilot-beacond (docs/operations.md "Health, readiness and drain"): `ip link
set ... down` on the beacon's veth end, then on the daemons' end, while a
gossip peer keeps the control plane transmitting through the port.

While down: /metrics `pilot_beacon_port_link_up` 0, /readyz 503 `port link
down`, /status.json `port.link_up` false, /healthz still 200 (the process
is alive), `port: link down` logged. After `up`, without a restart: link
up and ready again, Discover answered and Relay delivered on both families
(so the daemons' ARP and ND entries for the beacon were learnt again), the
mbufs in use back to their level, and at exit every mbuf returned (the
harness's check). Both net_af_packet and net_af_xdp.
"""

import json
import socket
import unittest

import beacon_harness as bh
import fault_support as fs
import gossip_support as gs

V4, V6 = socket.AF_INET, socket.AF_INET6
PEER_HOST = 1
LINK_WAIT_S = 5.0      # housekeeping samples the link every second
RECOVERY_S = 10.0


class LinkFaultTests(bh.BeaconTestCase):
    port_kind = "af_packet"

    @classmethod
    def setUpClass(cls) -> None:
        env = bh.BeaconEnv(port_kind=cls.port_kind, clients=2)
        env.extra_set += gs.gossip_settings(7171, [f"{env.client_ipv4[PEER_HOST]}:{bh.BEACON_PORT}"])
        env.__enter__()
        cls.env = env
        cls.addClassCleanup(env.close, True)

    def link_up_metric(self) -> float:
        return fs.metric(self.env, "pilot_beacon_port_link_up")

    def serves_both_families(self) -> bool:
        """A Discover on each family and a Relay are answered; False while not yet."""
        try:
            for family in (V4, V6):
                client, node_id = self.discovered(family)
                client.close()
            fs.ServingCheck(self.env).round()
        except AssertionError:
            return False
        return True

    def assert_down(self, what: str) -> None:
        env = self.env
        fs.wait_until(lambda: self.link_up_metric() == 0, LINK_WAIT_S, f"{what}: port_link_up 0")
        status, body, _ = fs.health_get(env, "/readyz")
        self.assertEqual((status, body.strip()), (503, "port link down"), f"{what}: /readyz")
        self.assertEqual(fs.health_get(env, "/healthz")[0], 200, f"{what}: /healthz")
        report = json.loads(fs.health_get(env, "/status.json")[1])
        self.assertFalse(report["port"]["link_up"], f"{what}: /status.json port.link_up")
        fs.wait_until(lambda: "port: link down" in env.log_text()[self.log_mark:], LINK_WAIT_S,
                      f"{what}: 'link down' logged")

    def assert_recovered(self, what: str, in_use: float) -> None:
        env = self.env
        fs.wait_until(lambda: self.link_up_metric() == 1, LINK_WAIT_S, f"{what}: port_link_up 1")
        fs.wait_until(lambda: fs.health_get(env, "/readyz")[0] == 200, LINK_WAIT_S, f"{what}: ready again")
        fs.wait_until(lambda: "port: link up" in env.log_text()[self.log_mark:], LINK_WAIT_S,
                      f"{what}: 'link up' logged")
        fs.wait_until(self.serves_both_families, RECOVERY_S, f"{what}: serving again without a restart",
                      period=0.5)
        neighbours = env.neighbours()
        for ip in (env.beacon_ipv4, env.beacon_ipv6):
            self.assertEqual(neighbours.get(bh.normalise(ip), (None,))[0], env.beacon_mac,
                             f"{what}: the daemons' neighbour entry for {ip}")
        fs.wait_until(lambda: fs.metric(env, "pilot_beacon_mbufs", state="in_use") <= in_use + 64, 5,
                      f"{what}: mbufs in use back to their level")

    def flap(self, namespace_side: bool) -> None:
        env = self.env
        self.assertTrue(self.serves_both_families(), "not serving before the link went down")
        in_use = fs.metric(env, "pilot_beacon_mbufs", state="in_use")
        self.log_mark = len(env.log_text())
        if namespace_side:   # keep the daemons' IPv6 addresses over the flap (Linux drops them by default)
            env.ns_run(["sysctl", "-q", "-w", f"net.ipv6.conf.{env.veth_client}.keep_addr_on_down=1"], check=True)
        where = ["ip", "-n", env.netns] if namespace_side else ["ip"]
        veth = env.veth_client if namespace_side else env.veth_beacon
        bh.run(where + ["link", "set", veth, "down"])
        try:
            self.assert_down(f"{veth} down")
        finally:
            bh.run(where + ["link", "set", veth, "up"])
        self.assert_recovered(f"{veth} up", in_use)

    def test_beacon_side_down_and_up(self):
        self.flap(namespace_side=False)

    def test_daemon_side_down_and_up(self):
        self.flap(namespace_side=True)


class AfXdpLinkFaultTests(LinkFaultTests):
    port_kind = "af_xdp"


if __name__ == "__main__":
    unittest.main()
