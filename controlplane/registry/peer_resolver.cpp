// controlplane/registry/peer_resolver.cpp — concurrent name resolution with
// one deadline for the whole list.
#include "controlplane/registry/peer_resolver.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace pb::registry {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

net::IpAddress to_ip(const asio::ip::address& address) {
    if (address.is_v4()) return net::IpAddress::v4(address.to_v4().to_uint());
    return net::IpAddress::v6_bytes(address.to_v6().to_bytes().data()).unmapped();
}

std::string describe(const net::HostPort& peer) {
    const bool v6 = peer.host.find(':') != std::string::npos;
    return (v6 ? "[" + peer.host + "]" : peer.host) + ":" + std::to_string(peer.port);
}

class Resolution : public std::enable_shared_from_this<Resolution> {
public:
    Resolution(asio::io_context& io, std::vector<net::HostPort> peers, std::function<void(ResolvedPeers)> done)
        : resolver_(io), timer_(io), peers_(std::move(peers)), slots_(peers_.size()), done_(std::move(done)) {}

    void start(std::chrono::milliseconds timeout) {
        for (size_t i = 0; i < peers_.size(); ++i) {
            if (auto ip = net::IpAddress::parse(peers_[i].host)) {
                slots_[i].endpoint = net::Endpoint{ip->unmapped(), peers_[i].port};
                continue;
            }
            slots_[i].error = "not resolved in time";
            ++pending_;
            resolver_.async_resolve(peers_[i].host, std::to_string(peers_[i].port),
                                    asio::ip::udp::resolver::numeric_service,
                                    [self = shared_from_this(), i](const error_code& ec,
                                                                   const asio::ip::udp::resolver::results_type& r) {
                                        self->resolved(i, ec, r);
                                    });
        }
        if (pending_ == 0) return finish();
        timer_.expires_after(timeout);
        timer_.async_wait([self = shared_from_this()](const error_code& ec) {
            if (!ec) self->finish();
        });
    }

private:
    struct Slot {
        std::optional<net::Endpoint> endpoint;
        std::string error;
    };

    void resolved(size_t i, const error_code& ec, const asio::ip::udp::resolver::results_type& results) {
        if (!done_) return;  // answered already (time limit)
        if (ec || results.empty())
            slots_[i].error = ec ? ec.message() : std::string("no address");
        else
            slots_[i].endpoint = net::Endpoint{to_ip(results.begin()->endpoint().address()), peers_[i].port};
        if (--pending_ == 0) finish();
    }

    void finish() {
        if (!done_) return;
        timer_.cancel();
        resolver_.cancel();
        ResolvedPeers out;
        for (size_t i = 0; i < peers_.size(); ++i) {
            if (slots_[i].endpoint) out.endpoints.push_back(*slots_[i].endpoint);
            else out.unresolved.push_back({describe(peers_[i]), slots_[i].error});
        }
        std::sort(out.endpoints.begin(), out.endpoints.end(), less);
        out.endpoints.erase(std::unique(out.endpoints.begin(), out.endpoints.end()), out.endpoints.end());
        std::exchange(done_, nullptr)(std::move(out));
    }

    static bool less(const net::Endpoint& a, const net::Endpoint& b) {
        return std::tie(a.address.family, a.address.bytes, a.port) < std::tie(b.address.family, b.address.bytes, b.port);
    }

    asio::ip::udp::resolver resolver_;
    asio::steady_timer timer_;
    std::vector<net::HostPort> peers_;
    std::vector<Slot> slots_;
    std::function<void(ResolvedPeers)> done_;
    size_t pending_ = 0;
};

}  // namespace

void resolve_peers(asio::io_context& io, std::vector<net::HostPort> peers, std::chrono::milliseconds timeout,
                   std::function<void(ResolvedPeers)> done) {
    std::make_shared<Resolution>(io, std::move(peers), std::move(done))->start(timeout);
}

}  // namespace pb::registry
