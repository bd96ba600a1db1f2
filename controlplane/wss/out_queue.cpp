// controlplane/wss/out_queue.cpp — the bounded outbound queue.
#include "controlplane/wss/out_queue.hpp"

namespace pb::cp::wss {

bool OutQueue::push_binary(std::vector<uint8_t> frame) {
    if (frames_.size() >= max_frames_ || bytes_ + frame.size() > max_bytes_) return false;
    bytes_ += frame.size();
    frames_.push_back({std::move(frame), false});
    return true;
}

void OutQueue::push_text(std::string_view text) {
    bytes_ += text.size();
    frames_.push_back({std::vector<uint8_t>(text.begin(), text.end()), true});
}

void OutQueue::pop_front() {
    bytes_ -= frames_.front().bytes.size();
    frames_.pop_front();
}

size_t OutQueue::clear(bool keep_front) {
    size_t binary = 0;
    while (frames_.size() > (keep_front ? 1u : 0u)) {
        binary += frames_.back().text ? 0 : 1;
        bytes_ -= frames_.back().bytes.size();
        frames_.pop_back();
    }
    return binary;
}

}  // namespace pb::cp::wss
