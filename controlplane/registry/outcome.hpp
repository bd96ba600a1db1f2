// controlplane/registry/outcome.hpp — how one registry operation ended: ok,
// or the reason it failed (the `reason` label of the registry metrics and
// the key of the client's state-change logging), with a human detail.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace pb::registry {

enum class Failure : uint8_t {
    None,
    Resolve,    // the registry's name did not resolve
    Connect,    // refused, unreachable
    Timeout,    // connect timeout or exchange deadline
    Closed,     // the registry closed the connection mid-exchange
    Oversized,  // reply length prefix over the limit (1 MiB)
    BadFrame,   // zero length prefix
    BadJson,    // the reply is not JSON
    BadReply,   // JSON of the wrong shape: type, field types, addresses
    Rejected,   // {"type":"error"} to register or list
    NotFound,   // {"type":"error"} to a key lookup: the node is unknown
    BadKey,     // lookup_ok whose public_key is not base64 of 32 bytes
    Busy,       // too many key lookups in flight
    Disabled,   // no registry configured
};

inline constexpr size_t kFailureKinds = size_t(Failure::Disabled) + 1;

constexpr std::string_view failure_name(Failure failure) {
    constexpr std::array<std::string_view, kFailureKinds> names = {
        "none",      "resolve",   "connect",   "timeout",   "closed", "oversized", "bad_frame",
        "bad_json",  "bad_reply", "rejected",  "not_found", "bad_key", "busy",     "disabled"};
    return names[size_t(failure)];
}

struct Outcome {
    Failure failure = Failure::None;
    std::string detail;  // e.g. the registry's error text, the system error

    bool ok() const { return failure == Failure::None; }
    static Outcome fail(Failure failure, std::string detail = {}) { return {failure, std::move(detail)}; }
};

}  // namespace pb::registry
