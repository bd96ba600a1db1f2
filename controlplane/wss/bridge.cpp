// controlplane/wss/bridge.cpp — assembling the bridge, reload and shutdown.
#include "controlplane/wss/bridge.hpp"

#include <vector>

#include "common/log/log.hpp"
#include "controlplane/wss/listener.hpp"

namespace pb::cp::wss {

Bridge::Bridge(boost::asio::io_context& io, Settings settings, BridgeTables tables, std::unique_ptr<UdpOut> udp,
               PubkeyMap file_keys, RemoteLookup remote_keys)
    : core_(std::make_shared<Core>(io, std::move(settings), std::move(tables), std::move(udp), std::move(file_keys),
                                   std::move(remote_keys))) {
    if (core_->settings.tls()) core_->tls = make_tls_context(core_->settings.tls_cert, core_->settings.tls_key);
    listener_ = std::make_unique<Listener>(core_);
}

Bridge::~Bridge() {
    listener_.reset();
    const std::vector<Link*> open(core_->open.begin(), core_->open.end());
    for (Link* link : open) link->abort();
    core_->peers.clear();
    core_->stopped = true;
}

boost::asio::ip::tcp::endpoint Bridge::local_endpoint() const { return listener_->local_endpoint(); }

void Bridge::reload(const Settings& settings, std::optional<PubkeyMap> file_keys) {
    Settings next = settings;
    next.bind = core_->settings.bind;
    if (core_->tls && next.tls()) {
        try {
            core_->tls = make_tls_context(next.tls_cert, next.tls_key);
        } catch (const std::exception& e) {
            log::warn("wss", "SIGHUP: TLS certificate not reloaded; keeping the running one", {{"error", e.what()}});
        }
    }
    next.tls_cert = core_->tls ? next.tls_cert : std::string();
    next.tls_key = core_->tls ? next.tls_key : std::string();
    core_->settings = next;
    if (file_keys) core_->keys.set_file_keys(std::move(*file_keys));
}

}  // namespace pb::cp::wss
