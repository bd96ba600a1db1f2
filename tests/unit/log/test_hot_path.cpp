// Unit tests for the hot-path front end (log_hot) and its control-plane side
// (HotLogQueues::drain into the logger), with an injected clock.
#include "common/log/hot_emit.hpp"
#include "common/log/hot_log_queues.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/log/captured_log.hpp"

using namespace pb::log;
using pb::log::testing::CapturedLog;
using pb::log::testing::kFixedTimestamp;
using pb::log::testing::kFixedUnixNs;

namespace {

std::string line_at_fixed_time(std::string_view rest) { return std::string(kFixedTimestamp) + " " + std::string(rest) + "\n"; }

}  // namespace

TEST(LogHot, FormatsIntoTheQueue) {
    CapturedLog log;
    HotLogQueue queue(4);
    RateLimiter call_site(10);
    ASSERT_TRUE(log_hot(queue, call_site, kFixedUnixNs, Level::Warn, "rx", "bad checksum from %s port %u", "10.0.0.9",
                        4242u));
    HotRecord record;
    ASSERT_TRUE(queue.try_pop(record));
    EXPECT_EQ(record.unix_ns, kFixedUnixNs);
    EXPECT_EQ(record.level, Level::Warn);
    EXPECT_STREQ(record.component, "rx");
    EXPECT_EQ(record.suppressed, 0u);
    EXPECT_EQ(record.message_text(), "bad checksum from 10.0.0.9 port 4242");
}

TEST(LogHot, CutsLongMessagesToTheRecord) {
    CapturedLog log;
    HotLogQueue queue(4);
    RateLimiter call_site(10);
    const std::string long_text(500, 'x');
    ASSERT_TRUE(log_hot(queue, call_site, kFixedUnixNs, Level::Info, "rx", "%s", long_text.c_str()));
    HotRecord record;
    ASSERT_TRUE(queue.try_pop(record));
    EXPECT_EQ(record.message_text(), long_text.substr(0, HotRecord::kMessageCapacity - 1));
}

TEST(LogHot, DisabledLevelQueuesNothing) {
    CapturedLog log(Level::Error);
    HotLogQueue queue(4);
    RateLimiter call_site(10);
    EXPECT_FALSE(log_hot(queue, call_site, kFixedUnixNs, Level::Warn, "rx", "ignored"));
    HotRecord record;
    EXPECT_FALSE(queue.try_pop(record));
}

TEST(LogHot, RateLimitedLinesAreCountedOnTheNextOne) {
    CapturedLog log;
    HotLogQueue queue(8);
    RateLimiter call_site(2);
    for (int i = 0; i < 6; ++i) log_hot(queue, call_site, kFixedUnixNs, Level::Info, "rx", "line %d", i);
    EXPECT_TRUE(log_hot(queue, call_site, kFixedUnixNs + RateLimiter::kWindowNs, Level::Info, "rx", "later"));
    HotRecord record;
    ASSERT_TRUE(queue.try_pop(record));
    EXPECT_EQ(record.message_text(), "line 0");
    ASSERT_TRUE(queue.try_pop(record));
    EXPECT_EQ(record.message_text(), "line 1");
    ASSERT_TRUE(queue.try_pop(record));
    EXPECT_EQ(record.message_text(), "later");
    EXPECT_EQ(record.suppressed, 4u);
}

TEST(LogHot, FullQueueKeepsTheSuppressedCountForTheNextLine) {
    CapturedLog log;
    HotLogQueue queue(2);
    RateLimiter call_site(1);
    uint64_t now = kFixedUnixNs;
    log_hot(queue, call_site, now, Level::Info, "rx", "a");
    log_hot(queue, call_site, now, Level::Info, "rx", "suppressed");
    now += RateLimiter::kWindowNs;
    log_hot(queue, call_site, now, Level::Info, "rx", "b");  // fills the queue, carries 1 suppressed
    now += RateLimiter::kWindowNs;
    EXPECT_FALSE(log_hot(queue, call_site, now, Level::Info, "rx", "dropped"));
    EXPECT_EQ(queue.dropped(), 1u);

    HotRecord record;
    ASSERT_TRUE(queue.try_pop(record));
    ASSERT_TRUE(queue.try_pop(record));
    EXPECT_EQ(record.suppressed, 1u);
    now += RateLimiter::kWindowNs;
    log_hot(queue, call_site, now, Level::Info, "rx", "c");
    now += RateLimiter::kWindowNs;
    log_hot(queue, call_site, now, Level::Info, "rx", "d");
    ASSERT_TRUE(queue.try_pop(record));
    EXPECT_EQ(record.message_text(), "c");
    EXPECT_EQ(record.suppressed, 0u);  // "dropped" was counted as a drop, not as suppressed
    ASSERT_TRUE(queue.try_pop(record));
    EXPECT_EQ(record.message_text(), "d");
}

TEST(HotLogQueues, DrainWritesRecordsWithWorkerAndSuppressionNote) {
    CapturedLog log;
    HotLogQueues queues(2, 8);
    RateLimiter worker0_site(1);
    RateLimiter worker1_site(10);
    log_hot(queues.for_worker(0), worker0_site, kFixedUnixNs, Level::Warn, "rx", "bad frame");
    log_hot(queues.for_worker(0), worker0_site, kFixedUnixNs, Level::Warn, "rx", "bad frame");
    log_hot(queues.for_worker(0), worker0_site, kFixedUnixNs, Level::Warn, "rx", "bad frame");
    log_hot(queues.for_worker(0), worker0_site, kFixedUnixNs + RateLimiter::kWindowNs, Level::Warn, "rx",
            "bad frame");
    log_hot(queues.for_worker(1), worker1_site, kFixedUnixNs, Level::Error, "frag", "reassembly table full");

    EXPECT_EQ(queues.drain(100), 3u);
    EXPECT_EQ(log.lines(), (std::vector<std::string>{
                               line_at_fixed_time("WARN  rx: bad frame worker=0"),
                               line_at_fixed_time("ERROR frag: reassembly table full worker=1"),
                               "2026-11-25T08:30:01.123Z WARN  rx: bad frame (2 similar messages suppressed) worker=0\n",
                           }));
    EXPECT_EQ(queues.drain(100), 0u);
}

TEST(HotLogQueues, DrainStopsAtMaxRecordsTakingQueuesInTurn) {
    CapturedLog log;
    HotLogQueues queues(3, 8);
    RateLimiter unlimited(0);
    for (std::size_t worker = 0; worker < queues.worker_count(); ++worker) {
        for (int i = 0; i < 3; ++i) {
            log_hot(queues.for_worker(worker), unlimited, kFixedUnixNs, Level::Info, "rx", "w%zu-%d", worker, i);
        }
    }
    EXPECT_EQ(queues.drain(4), 4u);
    const auto first = log.lines();
    ASSERT_EQ(first.size(), 4u);
    EXPECT_EQ(first[0], line_at_fixed_time("INFO  rx: w0-0 worker=0"));
    EXPECT_EQ(first[1], line_at_fixed_time("INFO  rx: w1-0 worker=1"));
    EXPECT_EQ(first[2], line_at_fixed_time("INFO  rx: w2-0 worker=2"));
    EXPECT_EQ(first[3], line_at_fixed_time("INFO  rx: w0-1 worker=0"));
    EXPECT_EQ(queues.drain(100), 5u);
}

TEST(HotLogQueues, DrainReportsNewDropsOnce) {
    CapturedLog log;
    HotLogQueues queues(2, 2);
    RateLimiter unlimited(0);
    for (int i = 0; i < 5; ++i) log_hot(queues.for_worker(1), unlimited, kFixedUnixNs, Level::Info, "rx", "n%d", i);
    EXPECT_EQ(queues.dropped(), 3u);

    EXPECT_EQ(queues.drain(100), 2u);
    auto lines = log.lines();
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_NE(lines[2].find(" WARN  log: hot-path log queue full, records dropped worker=1 dropped=3\n"),
              std::string::npos);

    EXPECT_EQ(queues.drain(100), 0u);
    EXPECT_EQ(log.lines().size(), 3u);  // nothing new dropped, nothing reported
}
