// controlplane/registry/cycle.cpp — the register-then-list exchange.
#include "controlplane/registry/cycle.hpp"

#include <utility>

namespace pb::registry {

RegistryCycle::RegistryCycle(boost::asio::io_context& io, CycleRequest request, const SessionLimits& limits,
                             std::function<void(CycleResult)> done)
    : session_(Session::create(io, limits)), request_(std::move(request)), done_(std::move(done)) {}

RegistryCycle::~RegistryCycle() { session_->close(); }

void RegistryCycle::start() {
    session_->open(request_.registry, lifetime_.guard([this](const Outcome& opened) {
        if (!opened.ok()) return abort(opened);
        send_register();
    }));
}

void RegistryCycle::send_register() {
    session_->request(register_request(request_.beacon_id, request_.addr, request_.admin_token),
                      lifetime_.guard([this](const Outcome& got, const boost::json::value& reply) {
                          if (!got.ok()) return abort(got);
                          result_.registration = parse_register_reply(reply, request_.beacon_id);
                          send_list();
                      }));
}

// A refused or malformed registration still leaves a sound connection, so
// the list is asked for all the same.
void RegistryCycle::send_list() {
    registered_ = true;
    session_->request(list_request(), lifetime_.guard([this](const Outcome& got, const boost::json::value& reply) {
        if (!got.ok()) return abort(got);
        auto parsed = parse_list_reply(reply);
        result_.list = std::move(parsed.outcome);
        result_.beacons = std::move(parsed.value);
        finish();
    }));
}

// A failure that ends the exchange counts for every step not yet done.
void RegistryCycle::abort(const Outcome& failure) {
    if (!registered_) result_.registration = failure;
    result_.list = failure;
    finish();
}

void RegistryCycle::finish() {
    session_->close();
    if (auto done = std::exchange(done_, nullptr)) done(std::move(result_));
}

}  // namespace pb::registry
