// tests/deploy/test_systemd_notify.cpp — the sd_notify protocol against a
// real AF_UNIX datagram socket (abstract and path names, the environment
// variables), and ServiceNotifier's messages and watchdog rule with a fake
// dataplane: WATCHDOG=1 only while every worker's heartbeat moves.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "controlplane/service_notifier.hpp"
#include "controlplane/systemd_notify.hpp"
#include "tests/unit/http/fake_dataplane_view.hpp"

namespace pb::cp {
namespace {

using namespace std::chrono_literals;

// A service manager's end: a bound datagram socket; received() returns what
// arrived so far (non-blocking).
class ManagerSocket {
public:
    explicit ManagerSocket(std::string name) : name_(std::move(name)) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, name_.data(), name_.size());
        const bool abstract = name_[0] == '@';
        if (abstract) addr.sun_path[0] = '\0';
        const auto len = socklen_t(offsetof(sockaddr_un, sun_path) + name_.size() + (abstract ? 0 : 1));
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0) ADD_FAILURE() << "bind " << name_;
    }
    ~ManagerSocket() {
        ::close(fd_);
        if (name_[0] == '/') ::unlink(name_.c_str());
    }
    const std::string& name() const { return name_; }
    std::vector<std::string> received() {
        std::vector<std::string> out;
        char buf[4096];
        for (ssize_t n; (n = ::recv(fd_, buf, sizeof buf, 0)) > 0;) out.emplace_back(buf, size_t(n));
        return out;
    }

private:
    std::string name_;
    int fd_ = -1;
};

std::string unique(const char* what) { return std::string(what) + "-" + std::to_string(getpid()); }

TEST(SystemdNotify, AbstractSocket) {
    ManagerSocket manager("@pb-notify-" + unique("abstract"));
    SystemdNotify notify(manager.name(), 0us);
    ASSERT_TRUE(notify.enabled());
    EXPECT_TRUE(notify.notify("READY=1\nSTATUS=serving"));
    EXPECT_EQ(manager.received(), std::vector<std::string>{"READY=1\nSTATUS=serving"});
}

TEST(SystemdNotify, PathSocket) {
    ManagerSocket manager("/tmp/pb-notify-" + unique("path"));
    SystemdNotify notify(manager.name(), 0us);
    EXPECT_TRUE(notify.notify("WATCHDOG=1"));
    EXPECT_EQ(manager.received(), std::vector<std::string>{"WATCHDOG=1"});
}

TEST(SystemdNotify, UnusableNamesDisableIt) {
    EXPECT_FALSE(SystemdNotify("relative/socket", 0us).enabled());
    EXPECT_FALSE(SystemdNotify("/" + std::string(200, 'x'), 0us).enabled());
    SystemdNotify off;
    EXPECT_FALSE(off.notify("READY=1"));
    // A name nobody listens on: the send fails without blocking or throwing.
    SystemdNotify nobody("@pb-notify-" + unique("nobody"), 0us);
    EXPECT_FALSE(nobody.notify("READY=1"));
}

TEST(SystemdNotify, Environment) {
    ManagerSocket manager("@pb-notify-" + unique("env"));
    ::setenv("NOTIFY_SOCKET", manager.name().c_str(), 1);
    ::setenv("WATCHDOG_USEC", "5000000", 1);
    ::unsetenv("WATCHDOG_PID");
    EXPECT_EQ(SystemdNotify::from_environment().watchdog_interval(), 5s);
    ::setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
    EXPECT_EQ(SystemdNotify::from_environment().watchdog_interval(), 5s);
    ::setenv("WATCHDOG_PID", "1", 1);  // the watchdog is another process's
    EXPECT_EQ(SystemdNotify::from_environment().watchdog_interval(), 0us);
    SystemdNotify notify = SystemdNotify::from_environment();
    EXPECT_TRUE(notify.notify("READY=1"));
    ::unsetenv("NOTIFY_SOCKET");
    EXPECT_FALSE(SystemdNotify::from_environment().enabled());
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
}

class Notifier : public ::testing::Test {
protected:
    Notifier() { lifecycle.enter(Phase::Serving); }
    ServiceNotifier make(std::chrono::microseconds watchdog = 10s) {
        return ServiceNotifier(SystemdNotify(manager.name(), watchdog), lifecycle, view, "serving: test", 2s);
    }
    ManagerSocket manager{"@pb-notify-" + unique("notifier") + "-" +
                          ::testing::UnitTest::GetInstance()->current_test_info()->name()};
    Lifecycle lifecycle;
    test::FakeDataplaneView view{{1, 2}};
    ReadinessProbe::Clock::time_point t0 = ReadinessProbe::Clock::now();
};

TEST_F(Notifier, LifecycleMessages) {
    ServiceNotifier notifier = make();
    notifier.serving();
    notifier.reloading();
    notifier.reloaded(true);
    notifier.reloaded(false);
    notifier.stopping("draining (SIGTERM)");
    notifier.stopping("stopping");  // once only
    const auto got = manager.received();
    ASSERT_EQ(got.size(), 5u);
    EXPECT_EQ(got[0], "READY=1\nSTATUS=serving: test");
    EXPECT_TRUE(got[1].starts_with("RELOADING=1\nMONOTONIC_USEC=")) << got[1];
    EXPECT_EQ(got[2], "READY=1\nSTATUS=serving: test");
    EXPECT_EQ(got[3], "READY=1\nSTATUS=serving: test (last SIGHUP: configuration invalid, kept the running one)");
    EXPECT_EQ(got[4], "STOPPING=1\nSTATUS=draining (SIGTERM)");
}

TEST_F(Notifier, WatchdogOnlyWhileWorkersPoll) {
    ServiceNotifier notifier = make();
    view.beat();
    notifier.housekeeping(t0);
    EXPECT_EQ(manager.received(), std::vector<std::string>{"WATCHDOG=1"});
    view.worker_counters[0].heartbeat.fetch_add(1);  // lcore 2 stops polling
    notifier.housekeeping(t0 + 1s);
    EXPECT_EQ(manager.received(), std::vector<std::string>{"WATCHDOG=1"});
    view.worker_counters[0].heartbeat.fetch_add(1);
    notifier.housekeeping(t0 + 2500ms);
    EXPECT_EQ(manager.received(),
              std::vector<std::string>{"STATUS=watchdog withheld: worker lcore 2 has not polled for 2.5 s"});
    notifier.housekeeping(t0 + 3500ms);
    EXPECT_TRUE(manager.received().empty()) << "nothing while the worker stays stuck";
    view.beat();
    notifier.housekeeping(t0 + 4s);
    EXPECT_EQ(manager.received(), (std::vector<std::string>{"STATUS=serving: test", "WATCHDOG=1"}));
}

TEST_F(Notifier, NoWatchdogWithoutWatchdogUsec) {
    ServiceNotifier notifier = make(0us);
    view.beat();
    notifier.housekeeping(t0);
    EXPECT_TRUE(manager.received().empty());
}

}  // namespace
}  // namespace pb::cp
