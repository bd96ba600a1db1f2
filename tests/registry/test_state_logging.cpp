// tests/registry/test_state_logging.cpp — a failing registry is logged once
// per state change, not once per retry.
#include <algorithm>

#include "tests/registry/client_fixture.hpp"
#include "tests/unit/log/captured_log.hpp"

namespace pb::registry::testing {
namespace {

size_t lines_with(const std::vector<std::string>& lines, std::string_view text) {
    return size_t(std::count_if(lines.begin(), lines.end(),
                                [&](const std::string& line) { return line.find(text) != std::string::npos; }));
}

TEST_F(ClientTest, LogsOneLinePerStateChangeNotPerRetry) {
    const log::testing::CapturedLog captured(log::Level::Info);
    server.set_mode(ReplyMode::Garbage);
    start(settings(server.address()));
    ASSERT_TRUE(run_cycles(4));
    server.set_mode(ReplyMode::ZeroLength);
    ASSERT_TRUE(run_cycles(7));
    server.set_mode(ReplyMode::Normal);
    ASSERT_TRUE(run_until(io, [&] { return reports.back().registration.ok(); }));
    ASSERT_TRUE(run_cycles(reports.size() + 2));

    const auto lines = captured.lines();
    EXPECT_EQ(lines_with(lines, "registration failing"), 2u);  // bad_json, then bad_frame
    EXPECT_EQ(lines_with(lines, "bad_json"), 1u);
    EXPECT_EQ(lines_with(lines, "bad_frame"), 1u);
    EXPECT_EQ(lines_with(lines, "registration ok"), 1u);
}

}  // namespace
}  // namespace pb::registry::testing
