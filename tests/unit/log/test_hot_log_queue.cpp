// Unit tests for common/log/hot_log: the SPSC record queue (order, drops on
// full, wrap-around, and a real producer/consumer pair).
#include "common/log/hot_log.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace pb::log;

namespace {

// Producer side in one call: claims a slot and stamps it with `sequence`.
bool push_sequence(HotLogQueue& queue, uint64_t sequence) {
    HotRecord* record = queue.try_claim();
    if (record == nullptr) return false;
    record->unix_ns = sequence;
    queue.publish();
    return true;
}

}  // namespace

TEST(HotLogQueue, RejectsCapacityNotPowerOfTwo) {
    EXPECT_THROW(HotLogQueue(0), std::invalid_argument);
    EXPECT_THROW(HotLogQueue(3), std::invalid_argument);
    EXPECT_EQ(HotLogQueue(8).capacity(), 8u);
}

TEST(HotLogQueue, DeliversInFifoOrder) {
    HotLogQueue queue(8);
    HotRecord record;
    EXPECT_FALSE(queue.try_pop(record));
    for (uint64_t i = 1; i <= 5; ++i) ASSERT_TRUE(push_sequence(queue, i));
    for (uint64_t i = 1; i <= 5; ++i) {
        ASSERT_TRUE(queue.try_pop(record));
        EXPECT_EQ(record.unix_ns, i);
    }
    EXPECT_FALSE(queue.try_pop(record));
    EXPECT_EQ(queue.dropped(), 0u);
}

TEST(HotLogQueue, FullQueueDropsAndCountsWithoutBlocking) {
    HotLogQueue queue(4);
    for (uint64_t i = 0; i < 4; ++i) ASSERT_TRUE(push_sequence(queue, i));
    for (uint64_t i = 4; i < 14; ++i) EXPECT_FALSE(push_sequence(queue, i));
    EXPECT_EQ(queue.dropped(), 10u);

    HotRecord record;
    ASSERT_TRUE(queue.try_pop(record));
    EXPECT_EQ(record.unix_ns, 0u);
    EXPECT_TRUE(push_sequence(queue, 100));  // one slot freed, one accepted
    EXPECT_FALSE(push_sequence(queue, 101));
    EXPECT_EQ(queue.dropped(), 11u);
    for (const uint64_t expected : {1u, 2u, 3u, 100u}) {
        ASSERT_TRUE(queue.try_pop(record));
        EXPECT_EQ(record.unix_ns, expected);
    }
}

TEST(HotLogQueue, WrapsAroundOverManyCycles) {
    HotLogQueue queue(4);
    HotRecord record;
    uint64_t pushed = 0;
    uint64_t popped = 0;
    for (int cycle = 0; cycle < 10'000; ++cycle) {
        const int batch = 1 + cycle % 4;  // 1..4 records: slots and batch boundaries drift
        for (int i = 0; i < batch; ++i) ASSERT_TRUE(push_sequence(queue, pushed++));
        for (int i = 0; i < batch; ++i) {
            ASSERT_TRUE(queue.try_pop(record));
            ASSERT_EQ(record.unix_ns, popped++);
        }
    }
    EXPECT_FALSE(queue.try_pop(record));
    EXPECT_EQ(queue.dropped(), 0u);
}

TEST(HotLogQueue, ProducerAndConsumerThreadsAccountForEveryRecord) {
    constexpr uint64_t kProduced = 200'000;
    HotLogQueue queue(64);
    uint64_t delivered = 0;
    bool in_order = true;
    std::atomic<bool> producer_done{false};

    std::thread consumer([&] {
        HotRecord record;
        uint64_t last_sequence = 0;
        bool first = true;
        for (;;) {
            // Read the flag before popping: once the producer is done and
            // the queue is then seen empty, nothing more can arrive.
            const bool done = producer_done.load(std::memory_order_acquire);
            if (!queue.try_pop(record)) {
                if (done) return;
                std::this_thread::yield();
                continue;
            }
            if (!first && record.unix_ns <= last_sequence) in_order = false;
            first = false;
            last_sequence = record.unix_ns;
            ++delivered;
        }
    });
    std::thread producer([&] {
        for (uint64_t sequence = 0; sequence < kProduced; ++sequence) push_sequence(queue, sequence);
        producer_done.store(true, std::memory_order_release);
    });
    producer.join();
    consumer.join();

    EXPECT_TRUE(in_order);
    EXPECT_GT(delivered, 0u);
    EXPECT_EQ(delivered + queue.dropped(), kProduced);
}
