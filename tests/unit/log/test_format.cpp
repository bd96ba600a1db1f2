// Unit tests for common/log/format: exact text and JSON lines with a fixed
// timestamp, every field type, text quoting rules and timestamps.
#include "common/log/format.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "tests/unit/log/captured_log.hpp"

using namespace pb::log;
using pb::log::testing::kFixedTimestamp;
using pb::log::testing::kFixedUnixNs;

namespace {

std::string render_fields(Format format, std::initializer_list<Field> fields, Level level = Level::Info) {
    return render({kFixedUnixNs, level, "gossip", "peer joined", fields}, format);
}

std::string timestamp(uint64_t unix_ns) {
    std::string out;
    append_timestamp(out, unix_ns);
    return out;
}

}  // namespace

TEST(Format, TextLineExact) {
    EXPECT_EQ(render_fields(Format::Text, {{"key", "value"}, {"key2", "quoted value"}}),
              "2026-11-25T08:30:00.123Z INFO  gossip: peer joined key=value key2=\"quoted value\"");
}

TEST(Format, TextLevelColumnIsAligned) {
    EXPECT_EQ(render_fields(Format::Text, {}, Level::Debug), std::string(kFixedTimestamp) + " DEBUG gossip: peer joined");
    EXPECT_EQ(render_fields(Format::Text, {}, Level::Warn), std::string(kFixedTimestamp) + " WARN  gossip: peer joined");
    EXPECT_EQ(render_fields(Format::Text, {}, Level::Error), std::string(kFixedTimestamp) + " ERROR gossip: peer joined");
}

TEST(Format, TextFieldTypes) {
    EXPECT_EQ(render_fields(Format::Text, {{"i", -42},
                                           {"u", std::numeric_limits<uint64_t>::max()},
                                           {"min", std::numeric_limits<int64_t>::min()},
                                           {"port", uint16_t(9001)},
                                           {"ok", true},
                                           {"bad", false},
                                           {"ratio", 0.25},
                                           {"big", 1e21},
                                           {"inf", std::numeric_limits<double>::infinity()}}),
              std::string(kFixedTimestamp) +
                  " INFO  gossip: peer joined i=-42 u=18446744073709551615 min=-9223372036854775808 port=9001"
                  " ok=true bad=false ratio=0.25 big=1e+21 inf=inf");
}

TEST(Format, TextQuotesOnlyWhatNeedsIt) {
    const std::string owned = "owned";
    EXPECT_EQ(render_fields(Format::Text, {{"addr", "[fd77::1]:9001"},
                                           {"owned", owned},
                                           {"empty", ""},
                                           {"eq", "a=b"},
                                           {"quote", "say \"x\""},
                                           {"slash", "a\\b"},
                                           {"nl", "a\nb"}}),
              std::string(kFixedTimestamp) +
                  R"( INFO  gossip: peer joined addr=[fd77::1]:9001 owned=owned empty="" eq="a=b")"
                  R"( quote="say \"x\"" slash="a\\b" nl="a\nb")");
}

TEST(Format, TextMessageKeepsQuotesAndEscapesControls) {
    EXPECT_EQ(render({kFixedUnixNs, Level::Info, "wss", "bad \"frame\"\r\n", {}}, Format::Text),
              std::string(kFixedTimestamp) + R"( INFO  wss: bad "frame"\r\n)");
}

TEST(Format, JsonLineExact) {
    EXPECT_EQ(render_fields(Format::Json, {{"peer", "10.0.0.1:9001"},
                                           {"nodes", 12u},
                                           {"delta", -3},
                                           {"ok", true},
                                           {"load", 0.5},
                                           {"nan", std::numeric_limits<double>::quiet_NaN()}}),
              R"({"ts":"2026-11-25T08:30:00.123Z","level":"INFO","component":"gossip","msg":"peer joined",)"
              R"("peer":"10.0.0.1:9001","nodes":12,"delta":-3,"ok":true,"load":0.5,"nan":"nan"})");
}

TEST(Format, JsonEscapesEveryStringPart) {
    const Field fields[] = {{"k\"ey", "v\\al\x01ue"}};
    EXPECT_EQ(render({kFixedUnixNs, Level::Error, "co\nmp", "m\"sg\t", fields}, Format::Json),
              R"({"ts":"2026-11-25T08:30:00.123Z","level":"ERROR","component":"co\nmp","msg":"m\"sg\t",)"
              R"("k\"ey":"v\\al\u0001ue"})");
}

TEST(Format, Timestamps) {
    EXPECT_EQ(timestamp(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(timestamp(kFixedUnixNs), kFixedTimestamp);
    EXPECT_EQ(timestamp(kFixedUnixNs + 999'999), kFixedTimestamp);  // truncated, not rounded
    EXPECT_EQ(timestamp(951'868'799'999'000'000), "2000-02-29T23:59:59.999Z");  // leap day
    EXPECT_EQ(timestamp(std::numeric_limits<uint64_t>::max()), "2554-07-21T23:34:33.709Z");
}
