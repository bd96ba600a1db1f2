// tests/unit/http/test_readiness.cpp — ReadinessProbe with injected time:
// phase, link, workers that never polled or stopped polling.
#include <gtest/gtest.h>

#include "controlplane/http/readiness.hpp"
#include "tests/unit/http/fake_dataplane_view.hpp"

namespace pb::cp {
namespace {

using namespace std::chrono_literals;
using Clock = ReadinessProbe::Clock;

class Readiness : public ::testing::Test {
protected:
    Readiness() { lifecycle.enter(Phase::Serving); }
    Lifecycle lifecycle;
    test::FakeDataplaneView view{{1, 2}};
    Clock::time_point t0 = Clock::now();
};

TEST_F(Readiness, NotBeforeEveryWorkerPolled) {
    ReadinessProbe probe(lifecycle, view, 2s);
    EXPECT_EQ(probe.check(t0).reason, "worker lcore 1 has not polled yet");
    view.worker_counters[0].heartbeat.store(1);
    EXPECT_EQ(probe.check(t0).reason, "worker lcore 2 has not polled yet");
    view.worker_counters[1].heartbeat.store(1);
    const auto r = probe.check(t0);
    EXPECT_TRUE(r.ready);
    EXPECT_EQ(r.reason, "ready");
}

TEST_F(Readiness, StalledWorkerAfterTheLimit) {
    ReadinessProbe probe(lifecycle, view, 2s);
    view.beat();
    EXPECT_TRUE(probe.check(t0).ready);
    view.worker_counters[0].heartbeat.fetch_add(1);  // lcore 1 keeps polling, lcore 2 stops
    EXPECT_TRUE(probe.check(t0 + 1500ms).ready);
    view.worker_counters[0].heartbeat.fetch_add(1);
    const auto r = probe.check(t0 + 2500ms);
    EXPECT_FALSE(r.ready);
    EXPECT_EQ(r.reason, "worker lcore 2 has not polled for 2.5 s");
    view.beat();
    EXPECT_TRUE(probe.check(t0 + 2600ms).ready);
}

TEST_F(Readiness, PhaseAndLinkComeFirst) {
    ReadinessProbe probe(lifecycle, view);
    view.beat();
    lifecycle.enter(Phase::Starting);
    EXPECT_EQ(probe.check(t0).reason, "starting");
    lifecycle.enter(Phase::Serving);
    view.port_figures.link_up = false;
    EXPECT_EQ(probe.check(t0).reason, "port link down");
    view.port_figures.link_up = true;
    EXPECT_TRUE(probe.check(t0).ready);
    lifecycle.enter(Phase::Stopping);
    EXPECT_EQ(probe.check(t0).reason, "stopping");
}

}  // namespace
}  // namespace pb::cp
