// controlplane/registry/session_limits.hpp — the time and size limits of
// one TCP exchange with the registry (PROTOCOL.md §4/§8: 5 s to connect,
// 10 s for the whole exchange, replies up to 1 MiB). Tests shorten them.
#pragma once

#include <chrono>
#include <cstddef>

#include "controlplane/registry/frame.hpp"

namespace pb::registry {

struct SessionLimits {
    std::chrono::milliseconds connect_timeout{5000};  // resolving the registry's name + TCP connect
    std::chrono::milliseconds deadline{10000};        // the whole exchange, from the first resolve
    size_t max_reply_bytes = kMaxReplyBytes;
};

}  // namespace pb::registry
