// controlplane/wss/link.hpp — a bridge connection as the rest of the bridge
// sees it: queue a binary frame for its peer, be replaced by a newer
// connection of the same node id, be aborted at shutdown.
#pragma once

#include <cstdint>
#include <vector>

namespace pb::cp::wss {

enum class Queued : uint8_t {
    Yes,
    Full,  // the send queue is at send_queue_frames (or its byte bound): dropped, counted
    Gone,  // closing or closed
};

class Link {
public:
    virtual ~Link() = default;
    // One binary frame (a whole beacon message) for the peer; never blocks.
    virtual Queued send(std::vector<uint8_t> frame) = 0;
    // A newer connection authenticated the same node id: close this one (1000
    // "replaced"), dropping what it still has queued and what it still receives.
    virtual void replace() = 0;
    // Shutdown: close the socket now, no handshake.
    virtual void abort() = 0;
};

}  // namespace pb::cp::wss
