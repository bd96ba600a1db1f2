// controlplane/registry/backoff.cpp — capped exponential back-off.
#include "controlplane/registry/backoff.hpp"

#include <algorithm>

namespace pb::registry {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap, double jitter)
    : initial_(initial), cap_(std::max(cap, initial)), jitter_(std::clamp(jitter, 0.0, 1.0)),
      random_(std::random_device{}()) {}

std::chrono::milliseconds Backoff::next() {
    auto delay = initial_;
    for (uint32_t i = 0; i < failures_ && delay < cap_; ++i) delay *= 2;
    delay = std::min(delay, cap_);
    ++failures_;
    if (jitter_ == 0.0) return delay;
    const double keep = 1.0 - jitter_ * std::uniform_real_distribution<double>(0.0, 1.0)(random_);
    return std::chrono::milliseconds(int64_t(double(delay.count()) * keep));
}

}  // namespace pb::registry
