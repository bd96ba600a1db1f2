// controlplane/wss/out_queue.hpp — one connection's outbound frames, bounded:
// at most `max_frames` binary frames and `max_bytes` bytes (the auth exchange's
// text frames always fit). The front frame is the one being written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string_view>
#include <vector>

namespace pb::cp::wss {

struct OutFrame {
    std::vector<uint8_t> bytes;
    bool text = false;
};

class OutQueue {
public:
    OutQueue(size_t max_frames, size_t max_bytes) : max_frames_(max_frames), max_bytes_(max_bytes) {}

    // false: full, nothing queued.
    bool push_binary(std::vector<uint8_t> frame);
    void push_text(std::string_view text);

    bool empty() const { return frames_.empty(); }
    size_t size() const { return frames_.size(); }
    const OutFrame& front() const { return frames_.front(); }
    void pop_front();
    // Drops every frame but the front one when `keep_front` (a write in
    // flight); returns the binary frames dropped.
    size_t clear(bool keep_front);

private:
    size_t max_frames_;
    size_t max_bytes_;
    size_t bytes_ = 0;
    std::deque<OutFrame> frames_;
};

}  // namespace pb::cp::wss
