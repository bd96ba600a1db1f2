// controlplane/systemd_notify.cpp — $NOTIFY_SOCKET parsing and the datagram.
#include "controlplane/systemd_notify.hpp"

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <unistd.h>
#include <utility>

#include "common/log/log.hpp"

namespace pb::cp {

namespace {

std::chrono::microseconds watchdog_from_environment() {
    const char* usec = std::getenv("WATCHDOG_USEC");
    if (usec == nullptr || *usec == '\0') return std::chrono::microseconds(0);
    if (const char* pid = std::getenv("WATCHDOG_PID"); pid != nullptr && *pid != '\0') {
        char* end = nullptr;
        const long long owner = std::strtoll(pid, &end, 10);
        if (*end != '\0' || owner != static_cast<long long>(getpid())) return std::chrono::microseconds(0);
    }
    char* end = nullptr;
    const unsigned long long value = std::strtoull(usec, &end, 10);
    if (*end != '\0') {
        log::warn("systemd", "WATCHDOG_USEC is not a number; watchdog notifications off", {{"value", usec}});
        return std::chrono::microseconds(0);
    }
    return std::chrono::microseconds(value);
}

}  // namespace

SystemdNotify::SystemdNotify(std::string_view socket_name, std::chrono::microseconds watchdog) : watchdog_(watchdog) {
    const bool abstract = socket_name.starts_with('@');
    if (!abstract && !socket_name.starts_with('/')) {
        log::warn("systemd", "NOTIFY_SOCKET is neither an absolute path nor an abstract '@' name; not notifying",
                  {{"socket", socket_name}});
        return;
    }
    if (socket_name.size() >= sizeof address_.sun_path) {
        log::warn("systemd", "NOTIFY_SOCKET is longer than a unix socket address; not notifying",
                  {{"socket", socket_name}});
        return;
    }
    address_.sun_family = AF_UNIX;
    std::memcpy(address_.sun_path, socket_name.data(), socket_name.size());
    if (abstract) address_.sun_path[0] = '\0';  // the abstract namespace: no terminating NUL counted
    address_length_ = socklen_t(offsetof(sockaddr_un, sun_path) + socket_name.size() + (abstract ? 0 : 1));
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd_ < 0)
        log::warn("systemd", "cannot create the notification socket; not notifying", {{"error", std::strerror(errno)}});
}

SystemdNotify::SystemdNotify(SystemdNotify&& other) noexcept { *this = std::move(other); }

SystemdNotify& SystemdNotify::operator=(SystemdNotify&& other) noexcept {
    if (this == &other) return *this;
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    address_ = other.address_;
    address_length_ = other.address_length_;
    watchdog_ = other.watchdog_;
    send_failure_logged_ = other.send_failure_logged_;
    return *this;
}

SystemdNotify::~SystemdNotify() {
    if (fd_ >= 0) ::close(fd_);
}

SystemdNotify SystemdNotify::from_environment() {
    const char* name = std::getenv("NOTIFY_SOCKET");
    if (name == nullptr || *name == '\0') return {};
    return SystemdNotify(name, watchdog_from_environment());
}

bool SystemdNotify::notify(std::string_view state) {
    if (fd_ < 0) return false;
    const ssize_t sent = ::sendto(fd_, state.data(), state.size(), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr*>(&address_), address_length_);
    if (sent == static_cast<ssize_t>(state.size())) return true;
    if (!send_failure_logged_) {
        log::warn("systemd", "notification not delivered to NOTIFY_SOCKET (further failures not logged)",
                  {{"error", sent < 0 ? std::strerror(errno) : "short write"}});
        send_failure_logged_ = true;
    }
    return false;
}

}  // namespace pb::cp
