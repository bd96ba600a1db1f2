// controlplane/systemd_notify.hpp — the service manager's notification
// protocol (sd_notify(3)) without libsystemd: one datagram of
// newline-separated KEY=VALUE lines to the AF_UNIX socket named by
// $NOTIFY_SOCKET (a path, or '@' for the abstract namespace), and the
// watchdog interval from $WATCHDOG_USEC / $WATCHDOG_PID.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <sys/socket.h>
#include <sys/un.h>

namespace pb::cp {

class SystemdNotify {
public:
    // Disabled: every notify() is a no-op.
    SystemdNotify() = default;
    // Sends to `socket_name` ("/run/…" or "@abstract"); `watchdog` 0 = no
    // watchdog. An unusable name leaves it disabled, with a warning logged.
    SystemdNotify(std::string_view socket_name, std::chrono::microseconds watchdog);
    SystemdNotify(SystemdNotify&& other) noexcept;
    SystemdNotify& operator=(SystemdNotify&& other) noexcept;
    SystemdNotify(const SystemdNotify&) = delete;
    SystemdNotify& operator=(const SystemdNotify&) = delete;
    ~SystemdNotify();

    // From the environment systemd gives a Type=notify service: disabled
    // without $NOTIFY_SOCKET; the watchdog only when $WATCHDOG_USEC is set
    // and $WATCHDOG_PID, if set, is this process.
    static SystemdNotify from_environment();

    bool enabled() const { return fd_ >= 0; }
    // 0 when the service manager expects no WATCHDOG=1.
    std::chrono::microseconds watchdog_interval() const { return watchdog_; }

    // Sends `state` ("READY=1\nSTATUS=serving") as one datagram, without
    // blocking. False when disabled or the send failed (logged once).
    bool notify(std::string_view state);

private:
    int fd_ = -1;
    sockaddr_un address_{};
    socklen_t address_length_ = 0;
    std::chrono::microseconds watchdog_{0};
    bool send_failure_logged_ = false;
};

}  // namespace pb::cp
