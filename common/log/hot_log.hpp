// common/log/hot_log.hpp — the record a dataplane worker logs and the
// bounded single-producer/single-consumer queue that carries records from
// one worker (producer) to the control plane (consumer). The producer side
// takes no lock, makes no syscall, allocates nothing and never waits: when
// the queue is full the record is dropped and counted.
#pragma once

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string_view>

#include "common/log/level.hpp"

namespace pb::log {

inline constexpr std::size_t kCacheLineSize = 64;

// Three cache lines: slots never share a line, so the producer filling one
// does not disturb the consumer reading its neighbour.
struct alignas(kCacheLineSize) HotRecord {
    static constexpr std::size_t kMessageCapacity = 163;  // bytes, terminating NUL included

    uint64_t unix_ns = 0;
    const char* component = "";  // must have static storage duration
    uint64_t suppressed = 0;     // similar lines the rate limiter held back before this one
    Level level = Level::Info;
    uint8_t message_length = 0;
    char message[kMessageCapacity] = {};

    std::string_view message_text() const { return {message, message_length}; }
};
static_assert(sizeof(HotRecord) == 3 * kCacheLineSize);

class HotLogQueue {
public:
    // capacity: records, a power of two; the slots are allocated here, once.
    explicit HotLogQueue(std::size_t capacity)
        : capacity_(capacity), index_mask_(capacity - 1), slots_(std::make_unique<HotRecord[]>(capacity)) {
        if (!std::has_single_bit(capacity)) throw std::invalid_argument("HotLogQueue capacity must be a power of two");
    }
    HotLogQueue(const HotLogQueue&) = delete;
    HotLogQueue& operator=(const HotLogQueue&) = delete;

    // Producer: the free slot to fill, or nullptr when the queue is full (the
    // record is then dropped and counted). publish() hands a filled slot over.
    HotRecord* try_claim() noexcept {
        const uint64_t head = head_.load(std::memory_order_relaxed);
        if (head - producer_tail_cache_ == capacity_) {
            producer_tail_cache_ = tail_.load(std::memory_order_acquire);
            if (head - producer_tail_cache_ == capacity_) {
                dropped_.store(dropped_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
                return nullptr;
            }
        }
        return &slots_[head & index_mask_];
    }

    // Producer: makes the slot returned by the last try_claim() visible.
    void publish() noexcept { head_.store(head_.load(std::memory_order_relaxed) + 1, std::memory_order_release); }

    // Consumer: moves the oldest record into `out`; false when empty.
    bool try_pop(HotRecord& out) noexcept {
        const uint64_t tail = tail_.load(std::memory_order_relaxed);
        if (consumer_head_cache_ == tail) {
            consumer_head_cache_ = head_.load(std::memory_order_acquire);
            if (consumer_head_cache_ == tail) return false;
        }
        out = slots_[tail & index_mask_];
        tail_.store(tail + 1, std::memory_order_release);
        return true;
    }

    // Records dropped because the queue was full; readable from any thread.
    uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
    std::size_t capacity() const noexcept { return capacity_; }

private:
    // Read-only after construction.
    const std::size_t capacity_;
    const std::size_t index_mask_;
    const std::unique_ptr<HotRecord[]> slots_;

    // Written by the producer.
    alignas(kCacheLineSize) std::atomic<uint64_t> head_{0};  // records published so far
    uint64_t producer_tail_cache_ = 0;                       // last tail_ the producer saw
    std::atomic<uint64_t> dropped_{0};

    // Written by the consumer.
    alignas(kCacheLineSize) std::atomic<uint64_t> tail_{0};  // records consumed so far
    uint64_t consumer_head_cache_ = 0;                       // last head_ the consumer saw
};

}  // namespace pb::log
