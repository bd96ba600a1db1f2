// Unit tests for common/log/log: sinks, level filtering, format switching
// and whole lines under concurrent writers.
#include "common/log/log.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "tests/unit/log/captured_log.hpp"

using namespace pb::log;
using pb::log::testing::CapturedLog;
using pb::log::testing::kFixedUnixNs;

TEST(Logger, WriteAtDeliversOneTerminatedLine) {
    CapturedLog log;
    const Field fields[] = {{"node", 7u}};
    write_at(kFixedUnixNs, Level::Info, "registry", "node added", fields);
    EXPECT_EQ(log.lines(), std::vector<std::string>{"2026-11-25T08:30:00.123Z INFO  registry: node added node=7\n"});
}

TEST(Logger, JsonFormatIsApplied) {
    CapturedLog log(Level::Debug, Format::Json);
    write_at(kFixedUnixNs, Level::Warn, "health", "draining");
    EXPECT_EQ(log.lines(), std::vector<std::string>{
                               R"({"ts":"2026-11-25T08:30:00.123Z","level":"WARN","component":"health","msg":"draining"})"
                               "\n"});
}

TEST(Logger, LevelsBelowTheMinimumAreDropped) {
    CapturedLog log(Level::Warn);
    EXPECT_FALSE(enabled(Level::Debug));
    EXPECT_FALSE(enabled(Level::Info));
    EXPECT_TRUE(enabled(Level::Warn));
    EXPECT_TRUE(enabled(Level::Error));
    debug("test", "hidden");
    info("test", "hidden");
    warn("test", "shown warn");
    error("test", "shown error", {{"code", 3}});
    write_at(kFixedUnixNs, Level::Info, "test", "hidden");
    const auto lines = log.lines();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_NE(lines[0].find(" WARN  test: shown warn\n"), std::string::npos);
    EXPECT_NE(lines[1].find(" ERROR test: shown error code=3\n"), std::string::npos);
}

TEST(Logger, DebugMinimumLetsEverythingThrough) {
    CapturedLog log(Level::Debug);
    debug("test", "d");
    info("test", "i");
    EXPECT_EQ(log.lines().size(), 2u);
}

TEST(Logger, ConcurrentWritersNeverInterleave) {
    // The sink appends byte by byte to one shared string: without the
    // logger's lock, lines from different threads would mix.
    std::string output;
    configure(Level::Info, Format::Text, [&output](std::string_view line) {
        for (const char c : line) output.push_back(c);
    });
    constexpr int kThreads = 4;
    constexpr int kLinesPerThread = 300;
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t) {
        writers.emplace_back([t] {
            for (int i = 0; i < kLinesPerThread; ++i) {
                info("writer", "a line long enough to be written in many pieces by the sink",
                     {{"thread", t}, {"line", i}});
            }
        });
    }
    for (auto& writer : writers) writer.join();
    configure(Level::Info, Format::Text);

    std::vector<int> next_line(kThreads, 0);
    std::size_t start = 0;
    int lines = 0;
    while (start < output.size()) {
        const std::size_t end = output.find('\n', start);
        ASSERT_NE(end, std::string::npos);
        const std::string line = output.substr(start, end - start);
        const std::size_t thread_at = line.find(" thread=");
        ASSERT_NE(thread_at, std::string::npos) << line;
        const int thread = std::stoi(line.substr(thread_at + 8));
        ASSERT_GE(thread, 0);
        ASSERT_LT(thread, kThreads);
        const std::string expected_tail = "INFO  writer: a line long enough to be written in many pieces by the sink thread=" +
                                          std::to_string(thread) + " line=" + std::to_string(next_line[thread]++);
        ASSERT_EQ(line.substr(25), expected_tail);
        start = end + 1;
        ++lines;
    }
    EXPECT_EQ(lines, kThreads * kLinesPerThread);
}
