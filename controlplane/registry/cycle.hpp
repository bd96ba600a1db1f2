// controlplane/registry/cycle.hpp — one registration cycle over one
// connection: beacon_register, then beacon_list (PROTOCOL.md §4). A reply
// the registry refused or got wrong still lets the list be asked on the same
// connection; a transport, timeout or framing failure ends the cycle and
// counts for both steps.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "common/net/ip_address.hpp"
#include "controlplane/registry/lifetime.hpp"
#include "controlplane/registry/messages.hpp"
#include "controlplane/registry/outcome.hpp"
#include "controlplane/registry/session.hpp"
#include "controlplane/registry/session_limits.hpp"

namespace pb::registry {

struct CycleRequest {
    net::HostPort registry;
    uint32_t beacon_id = 0;
    std::string addr;         // announced host:port
    std::string admin_token;  // "" = not sent
};

struct CycleResult {
    Outcome registration;
    Outcome list;
    std::vector<BeaconEntry> beacons;  // valid only when list.ok()
};

// One cycle. Its owner keeps it until the next one: destroying it closes
// the connection, and `done` is then never called. The callbacks it gives
// the session hold no reference to it, so nothing keeps it alive in a loop.
class RegistryCycle {
public:
    RegistryCycle(boost::asio::io_context& io, CycleRequest request, const SessionLimits& limits,
                  std::function<void(CycleResult)> done);
    ~RegistryCycle();
    RegistryCycle(const RegistryCycle&) = delete;
    RegistryCycle& operator=(const RegistryCycle&) = delete;

    // `done` is called once, on the io_context's thread, never inside start().
    void start();

private:
    void send_register();
    void send_list();
    void abort(const Outcome& failure);
    void finish();

    std::shared_ptr<Session> session_;
    CycleRequest request_;
    std::function<void(CycleResult)> done_;
    CycleResult result_;
    bool registered_ = false;
    Lifetime lifetime_;  // last: destroyed first
};

}  // namespace pb::registry
