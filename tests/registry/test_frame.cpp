// tests/registry/test_frame.cpp — the length prefix: big-endian encoding,
// 0 and over-limit lengths refused.
#include <gtest/gtest.h>

#include "controlplane/registry/frame.hpp"

namespace pb::registry {
namespace {

TEST(Frame, PrefixesABigEndianLength) {
    const std::string framed = frame(std::string(0x010203, 'x'));
    ASSERT_EQ(framed.size(), 4u + 0x010203);
    EXPECT_EQ(framed.substr(0, 4), std::string("\x00\x01\x02\x03", 4));
    EXPECT_EQ(frame_length(FrameHeader{0x00, 0x01, 0x02, 0x03}), 0x010203u);
    EXPECT_EQ(frame_length(FrameHeader{0xff, 0x00, 0x00, 0x01}), 0xff000001u);
}

TEST(Frame, AcceptsLengthsUpToTheLimit) {
    EXPECT_TRUE(check_frame_length(1, kMaxReplyBytes).ok());
    EXPECT_TRUE(check_frame_length(uint32_t(kMaxReplyBytes), kMaxReplyBytes).ok());
}

TEST(Frame, RefusesZeroAndOversizedLengths) {
    EXPECT_EQ(check_frame_length(0, kMaxReplyBytes).failure, Failure::BadFrame);
    EXPECT_EQ(check_frame_length(uint32_t(kMaxReplyBytes + 1), kMaxReplyBytes).failure, Failure::Oversized);
    EXPECT_EQ(check_frame_length(0xffffffffu, kMaxReplyBytes).failure, Failure::Oversized);
}

}  // namespace
}  // namespace pb::registry
