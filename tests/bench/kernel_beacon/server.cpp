// tests/bench/kernel_beacon/server.cpp — the recvmmsg → handle → sendmmsg loop.
#include "tests/bench/kernel_beacon/server.hpp"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "common/wire/decode.hpp"
#include "common/wire/encode.hpp"

namespace pb::kbeacon {

namespace {

constexpr unsigned kBatch = 64;
constexpr std::size_t kMaxDatagram = 65536;

ServerCounters& add(ServerCounters& a, const ServerCounters& b) {
    a.received += b.received;
    a.discovers += b.discovers;
    a.relayed += b.relayed;
    a.punches += b.punches;
    a.not_found += b.not_found;
    a.over_budget += b.over_budget;
    a.ignored += b.ignored;
    a.sent += b.sent;
    a.send_errors += b.send_errors;
    return a;
}

uint64_t now_ns() {
    return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now().time_since_epoch())
                        .count());
}

net::Endpoint endpoint_of(const sockaddr_storage& a) {
    if (a.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
        return {net::IpAddress::v6_bytes(v6.sin6_addr.s6_addr), ntohs(v6.sin6_port)};
    }
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
    return {net::IpAddress::v4_bytes(reinterpret_cast<const uint8_t*>(&v4.sin_addr)), ntohs(v4.sin_port)};
}

// FNV-1a over the source address and port: the budget's key.
uint64_t source_key(const sockaddr_storage& a) {
    const net::Endpoint e = endpoint_of(a);
    uint64_t h = 1469598103934665603ull;
    for (uint8_t b : e.address.bytes) h = (h ^ b) * 1099511628211ull;
    return (h ^ e.port) * 1099511628211ull;
}

int open_socket(const ServerConfig& cfg) {
    const int fd = ::socket(cfg.listen.ss_family, SOCK_DGRAM, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    const int one = 1;
    const timeval timeout{0, 100000};
    const int buffer = 8 << 20;
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buffer, sizeof buffer);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&cfg.listen), cfg.listen_len) != 0) {
        const std::string reason = std::strerror(errno);
        ::close(fd);
        throw std::runtime_error("bind: " + reason);
    }
    return fd;
}

class Worker {
public:
    Worker(const ServerConfig& cfg, NodeTable& nodes)
        : cfg_(cfg), nodes_(nodes), in_(kBatch * kMaxDatagram), out_(kBatch * kMaxDatagram), fd_(open_socket(cfg)) {
        for (unsigned i = 0; i < kBatch; ++i) {
            in_iov_[i] = {&in_[i * kMaxDatagram], kMaxDatagram};
            in_msgs_[i].msg_hdr.msg_iov = &in_iov_[i];
            in_msgs_[i].msg_hdr.msg_iovlen = 1;
            in_msgs_[i].msg_hdr.msg_name = &from_[i];
        }
    }
    ~Worker() { ::close(fd_); }

    void run(const std::atomic<bool>& stop) {
        while (!stop.load(std::memory_order_relaxed)) {
            for (auto& m : in_msgs_) m.msg_hdr.msg_namelen = sizeof(sockaddr_storage);
            const int n = ::recvmmsg(fd_, in_msgs_.data(), kBatch, MSG_WAITFORONE, nullptr);
            if (n <= 0) continue;  // timeout (stop check) or EINTR
            now_ns_ = now_ns();
            out_count_ = 0;
            for (int i = 0; i < n; ++i) {
                ++counters_.received;
                handle(std::span<const uint8_t>(&in_[std::size_t(i) * kMaxDatagram], in_msgs_[i].msg_len), from_[i],
                       in_msgs_[i].msg_hdr.msg_namelen);
            }
            flush();
        }
    }

    const ServerCounters& counters() const { return counters_; }

private:
    void handle(std::span<const uint8_t> datagram, const sockaddr_storage& from, socklen_t from_len) {
        const auto message = wire::decode(datagram);
        if (!message) return void(++counters_.ignored);
        if (const auto* d = std::get_if<wire::Discover>(&*message)) return discover(d->id, false, from, from_len);
        if (const auto* d = std::get_if<wire::DiscoverEx>(&*message)) return discover(d->id, true, from, from_len);
        if (const auto* r = std::get_if<wire::Relay>(&*message)) return relay(*r, from);
        if (const auto* p = std::get_if<wire::PunchRequest>(&*message)) return punch(*p, from, from_len);
        ++counters_.ignored;
    }

    // No punch rate limits (the benchmark whitelists every source on pilot-beacond too).
    void punch(const wire::PunchRequest& p, const sockaddr_storage& from, socklen_t from_len) {
        nodes_.upsert(p.requester, from, from_len, false);
        NodeEntry requester, target;
        if (!nodes_.lookup(p.target, target) || !nodes_.lookup(p.requester, requester))
            return void(++counters_.not_found);
        ++counters_.punches;
        queue(wire::PunchCommand{.endpoint = endpoint_of(target.address)}, requester.address, requester.address_len);
        queue(wire::PunchCommand{.endpoint = endpoint_of(requester.address)}, target.address, target.address_len);
    }

    void discover(uint32_t id, bool ex, const sockaddr_storage& from, socklen_t from_len) {
        ++counters_.discovers;
        nodes_.upsert(id, from, from_len, ex);
        queue(wire::DiscoverReply{.endpoint = endpoint_of(from)}, from, from_len);
    }

    bool within_budget(const sockaddr_storage& from) {
        if (cfg_.relay_budget_per_s == 0) return true;
        Window& w = windows_[source_key(from)];
        if (now_ns_ - w.start_ns >= 1'000'000'000ull) w = {now_ns_, 0};
        return ++w.count <= cfg_.relay_budget_per_s;
    }

    void relay(const wire::Relay& r, const sockaddr_storage& from) {
        NodeEntry dest;
        if (!nodes_.lookup(r.dest, dest)) return void(++counters_.not_found);
        if (!within_budget(from)) return void(++counters_.over_budget);
        ++counters_.relayed;
        if (dest.wants_dest)
            queue(wire::RelayDeliverDest{.sender = r.sender, .dest = r.dest, .payload = r.payload}, dest.address,
                  dest.address_len);
        else
            queue(wire::RelayDeliver{.sender = r.sender, .payload = r.payload}, dest.address, dest.address_len);
    }

    template <class Message>
    void queue(const Message& m, const sockaddr_storage& to, socklen_t to_len) {
        if (out_count_ == kBatch) flush();  // a punch answers twice: a batch can have more answers than datagrams
        uint8_t* buffer = &out_[out_count_ * kMaxDatagram];
        const auto size = wire::encode(std::span<uint8_t>(buffer, kMaxDatagram), m);
        if (!size) return void(++counters_.ignored);
        out_to_[out_count_] = to;
        out_iov_[out_count_] = {buffer, *size};
        mmsghdr& h = out_msgs_[out_count_];
        h = {};
        h.msg_hdr.msg_iov = &out_iov_[out_count_];
        h.msg_hdr.msg_iovlen = 1;
        h.msg_hdr.msg_name = &out_to_[out_count_];
        h.msg_hdr.msg_namelen = to_len;
        ++out_count_;
    }

    void flush() {
        for (unsigned done = 0; done < out_count_;) {
            const int n = ::sendmmsg(fd_, &out_msgs_[done], out_count_ - done, 0);
            if (n <= 0) {
                if (n < 0 && errno == EINTR) continue;
                counters_.send_errors += out_count_ - done;  // one failing datagram: drop the rest of the batch
                break;
            }
            counters_.sent += unsigned(n);
            done += unsigned(n);
        }
        out_count_ = 0;
    }

    struct Window {
        uint64_t start_ns = 0;
        uint32_t count = 0;
    };

    const ServerConfig& cfg_;
    NodeTable& nodes_;
    std::vector<uint8_t> in_, out_;
    int fd_;
    std::array<mmsghdr, kBatch> in_msgs_{}, out_msgs_{};
    std::array<iovec, kBatch> in_iov_{}, out_iov_{};
    std::array<sockaddr_storage, kBatch> from_{}, out_to_{};
    unsigned out_count_ = 0;
    uint64_t now_ns_ = 0;
    std::unordered_map<uint64_t, Window> windows_;
    ServerCounters counters_;
};

}  // namespace

ServerCounters& ServerCounters::operator+=(const ServerCounters& o) { return add(*this, o); }

ServerCounters serve(const ServerConfig& cfg, NodeTable& nodes, const std::atomic<bool>& stop) {
    if (cfg.cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cfg.cpu, &set);
        pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    }
    Worker worker(cfg, nodes);
    worker.run(stop);
    return worker.counters();
}

}  // namespace pb::kbeacon
