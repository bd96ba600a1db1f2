// Unit tests for the texts that Ed25519 signatures cover.
#include "common/wire/signed_text.hpp"

#include <gtest/gtest.h>

#include <array>
#include <limits>
#include <string>

namespace pb::wire {
namespace {

TEST(PunchGrantText, FormatsDecimalFields) {
    std::array<char, kMaxPunchGrantTextSize> buffer;
    EXPECT_EQ(*format_punch_grant(buffer, 7001, 7002, 1700000000), "punch-grant:7001:7002:1700000000");
    EXPECT_EQ(*format_punch_grant(buffer, 0, 1, -5), "punch-grant:0:1:-5");
}

TEST(PunchGrantText, LongestTextFitsTheMaximumSize) {
    std::array<char, kMaxPunchGrantTextSize> buffer;
    const auto text = format_punch_grant(buffer, std::numeric_limits<uint32_t>::max(),
                                         std::numeric_limits<uint32_t>::max(), std::numeric_limits<int64_t>::min());
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(*text, "punch-grant:4294967295:4294967295:-9223372036854775808");
    EXPECT_EQ(text->size(), kMaxPunchGrantTextSize);
}

TEST(PunchGrantText, RefusesEveryTooSmallBuffer) {
    const std::string expected = "punch-grant:7001:7002:1700000000";
    std::array<char, kMaxPunchGrantTextSize> buffer;
    for (std::size_t size = 0; size < expected.size(); ++size)
        EXPECT_EQ(format_punch_grant(std::span(buffer).first(size), 7001, 7002, 1700000000).error(),
                  Error::BufferTooSmall)
            << size;
    EXPECT_EQ(*format_punch_grant(std::span(buffer).first(expected.size()), 7001, 7002, 1700000000), expected);
}

TEST(CompatAuthText, FormatsNodeTimestampAndNonce) {
    const std::string nonce(kAuthNonceHexSize, 'a');
    std::array<char, kMaxCompatAuthTextSize> buffer;
    EXPECT_EQ(*format_compat_auth(buffer, 7001, 1700000000, nonce), "compat_auth:7001:1700000000:" + nonce);
    const auto longest = format_compat_auth(buffer, std::numeric_limits<uint32_t>::max(),
                                            std::numeric_limits<int64_t>::min(), nonce);
    ASSERT_TRUE(longest.ok());
    EXPECT_EQ(longest->size(), kMaxCompatAuthTextSize);
}

TEST(CompatAuthText, RefusesTooSmallBuffer) {
    std::array<char, 20> buffer;
    EXPECT_EQ(format_compat_auth(buffer, 7001, 1700000000, "00ff").error(), Error::BufferTooSmall);
    EXPECT_EQ(*format_compat_auth(buffer, 1, 2, "00ff"), "compat_auth:1:2:00ff");
}

}  // namespace
}  // namespace pb::wire
