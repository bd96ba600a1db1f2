"""Fault test: the registry misbehaves under the real pilot-beacond
(docs/operations.md "Registry"; the client's logic is unit-tested against
fake servers in tests/registry, this is the same through the binary, its
metrics, its log and its data port).

One beacon (registry period 1 s) talks to fake_registry.FakeRegistry, which
the test walks through: connection refused; a good registry (recovery:
registration with the announced address, the listed peer becomes a gossip
peer, back-off reset); one that accepts and never answers (the 10 s
exchange deadline, the previous peers kept); a reply that is not JSON; a
reply announcing 16 MiB; a good registry again. Throughout, daemons are
served (Discover answered, Relay delivered) and /healthz and /metrics
answer within 2 s; every failure is counted under its reason, the retries
back off (1 s, 2 s, 4 s, less up to 20 % jitter), and the registration
reappears when the registry does.
"""

import unittest

import beacon_harness as bh
import fake_registry as fr
import fault_support as fs

BEACON_ID = 4242
OTHER_BEACON_ID = 4343
EXCHANGE_DEADLINE_S = 10.0   # SessionLimits::deadline
JITTER = 0.8                 # a back-off delay is at least 80 % of its nominal value


class RegistryFaultTests(bh.BeaconTestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.registry = fr.FakeRegistry()
        cls.addClassCleanup(cls.registry.close)
        env = bh.BeaconEnv(clients=2, extra_set=[
            f"control.registry={cls.registry.address}", f"beacon.beacon_id={BEACON_ID}",
            "control.registry_interval_s=1", "beacon.limits.reply_per_source_per_s=0"])
        env.__enter__()
        cls.env = env
        cls.addClassCleanup(env.close, True)
        cls.registry.beacons = [{"id": BEACON_ID, "addr": f"{env.beacon_ipv4}:{bh.BEACON_PORT}"},
                                {"id": OTHER_BEACON_ID, "addr": f"{env.client_ipv4[1]}:{bh.BEACON_PORT}"}]

    def setUp(self) -> None:
        super().setUp()
        self.check = fs.ServingCheck(self.env)
        self.addCleanup(self.check.close)

    def failed(self, reason: str) -> float:
        return fs.metric(self.env, "pilot_beacon_registry_register_failed_total", reason=reason)

    def registered(self) -> float:
        return fs.metric(self.env, "pilot_beacon_registry_register_ok_total")

    def assert_metrics_answer(self) -> None:
        status, body, took = fs.health_get(self.env, "/metrics")
        self.assertEqual(status, 200)
        self.assertIn("pilot_beacon_registry_register_ok_total", body)
        self.assertLess(took, fs.HEALTH_DEADLINE_S)

    def test_refused_silent_garbage_registry_then_recovery(self):
        env, reg, check = self.env, self.registry, self.check
        # 1. Connection refused: counted, retried with back-off, never fatal.
        check.through(10, until=lambda: self.failed("connect") >= 2, what="two refused registrations counted")
        self.assertEqual(self.registered(), 0)
        self.assertEqual(fs.metric(env, "pilot_beacon_registry_list_failed_total", reason="connect"),
                         self.failed("connect"))
        self.assertEqual(fs.metric(env, "pilot_beacon_registry_last_success_age_seconds"), -1)
        self.assertRegex(env.log_text(), r"registration failing .*reason=connect")
        self.assertEqual(fs.health_get(env, "/readyz")[0], 200, "the registry is not part of readiness")

        # 2. The registry comes up: registration with the announced address, peers learnt.
        reg.set_mode("good")
        check.through(10, until=lambda: self.registered() >= 1, what="registration after the registry came up")
        first = reg.registrations()[0]
        self.assertEqual((first["beacon_id"], first["addr"]), (BEACON_ID, f"{env.beacon_ipv4}:{bh.BEACON_PORT}"))
        fs.wait_until(lambda: fs.metric(env, "pilot_beacon_gossip_peers") == 1, 5, "the listed beacon as gossip peer")
        self.assertEqual(fs.metric(env, "pilot_beacon_registry_peers"), 1)
        self.assertRegex(env.log_text(), r"registration ok .*after_failed_attempts=[1-9]")

        # 3. Accepts, never answers: the exchange deadline ends it; the loop never hangs.
        reg.mode = "silent"
        check.through(EXCHANGE_DEADLINE_S + 8, until=lambda: self.failed("timeout") >= 1,
                      what="the silent registry's timeout counted")
        silent_at = reg.accepted("silent")
        self.assertEqual(len(silent_at), 1, "one connection to a silent registry at a time")
        self.assert_metrics_answer()
        self.assertGreaterEqual(fs.metric(env, "pilot_beacon_registry_last_success_age_seconds"),
                                EXCHANGE_DEADLINE_S - 1.5)
        self.assertEqual(fs.metric(env, "pilot_beacon_gossip_peers"), 1, "a failed cycle keeps the peers")

        # 4. Garbage, then a 16 MiB announcement: refused, counted, backing off.
        reg.mode = "bad_json"
        check.through(10, until=lambda: self.failed("bad_json") >= 1, what="the bad JSON reply counted")
        reg.mode = "oversize"
        check.through(10, until=lambda: self.failed("oversized") >= 1, what="the 16 MiB reply counted")
        before = self.registered()
        reg.mode = "good"
        check.through(15, until=lambda: self.registered() > before, what="registration after the faults")
        self.assert_metrics_answer()
        self.assertLess(fs.metric(env, "pilot_beacon_registry_last_success_age_seconds"), 3)
        self.assertEqual(fs.metric(env, "pilot_beacon_registry_list_failed_total", reason="oversized"), 1)

        # Back-off: 1 s after the timeout, 2 s after the bad JSON, 4 s after the oversize.
        bad, big, good = reg.accepted("bad_json"), reg.accepted("oversize"), reg.accepted("good")
        self.assertEqual((len(bad), len(big)), (1, 1), "one attempt per fault stage")
        timed_out_at = silent_at[0] + EXCHANGE_DEADLINE_S
        recovered_at = [t for t in good if t > big[0]][0]
        gaps = [bad[0] - timed_out_at, big[0] - bad[0], recovered_at - big[0]]
        for gap, nominal in zip(gaps, (1.0, 2.0, 4.0)):
            self.assertGreaterEqual(gap, JITTER * nominal - 0.3, f"retries do not back off: gaps {gaps}")
            self.assertLessEqual(gap, nominal + 1.5, f"a retry came late: gaps {gaps}")
        self.assertEqual(len(reg.registrations()), len(reg.accepted()), "each connection is one registration")
        log = env.log_text()
        for reason in ("timeout", "bad_json", "oversized"):
            self.assertRegex(log, f"registration failing .*reason={reason}")
        check.round()


if __name__ == "__main__":
    unittest.main()
