// Unit tests for PunchRequest (0x03) and its three trailer states.
#include "common/wire/punch_request.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/unit/wire/golden_vectors.hpp"
#include "tests/unit/wire/wire_test_support.hpp"

namespace pb::wire::test {
namespace {

using namespace golden;

std::vector<uint8_t> with_trailer(std::size_t trailer_size) {
    return resized(kPunchRequestWithGrant, kPunchRequestSize + trailer_size);
}

TEST(PunchRequest, GoldenWithoutTrailer) {
    expect_golden(PunchRequest{.requester = kNodeA, .target = kNodeB}, kPunchRequest);
    auto message = decode_as<PunchRequest>(kPunchRequest);
    ASSERT_TRUE(message);
    EXPECT_TRUE(std::holds_alternative<NoGrant>(message->trailer));
}

TEST(PunchRequest, GoldenWithGrant) {
    const Grant grant{.expiry = kExpiry, .signature = SignatureView(kSignature)};
    expect_golden(PunchRequest{.requester = kNodeA, .target = kNodeB, .trailer = grant}, kPunchRequestWithGrant);
}

TEST(PunchRequest, SignaturePointsIntoTheDatagram) {
    auto message = decode_as<PunchRequest>(kPunchRequestWithGrant);
    ASSERT_TRUE(message && message->grant());
    EXPECT_EQ(message->grant()->signature.data(), kPunchRequestWithGrant + kPunchRequestSize + kGrantExpirySize);
}

TEST(PunchRequest, ReportsAnIncompleteTrailerOfAnyLength) {
    auto message = decode_as<PunchRequest>(kPunchRequestWithIncompleteGrant);
    ASSERT_TRUE(message);
    EXPECT_TRUE(std::holds_alternative<IncompleteGrant>(message->trailer));
    for (std::size_t size = 1; size < kGrantTrailerSize; ++size) {
        auto parsed = decode_as<PunchRequest>(with_trailer(size));
        ASSERT_TRUE(parsed);
        EXPECT_TRUE(std::holds_alternative<IncompleteGrant>(parsed->trailer)) << size;
        EXPECT_EQ(parsed->target, kNodeB);
    }
}

TEST(PunchRequest, IgnoresBytesAfterACompleteGrant) {
    auto message = decode_as<PunchRequest>(with_trailer(kGrantTrailerSize + 5));
    ASSERT_TRUE(message && message->grant());
    EXPECT_EQ(message->grant()->expiry, kExpiry);
}

TEST(PunchRequest, ReadsExpiryAsSigned) {
    auto datagram = with_trailer(kGrantTrailerSize);
    std::fill_n(datagram.begin() + kPunchRequestSize, kGrantExpirySize, 0xFF);
    auto message = decode_as<PunchRequest>(datagram);
    ASSERT_TRUE(message && message->grant());
    EXPECT_EQ(message->grant()->expiry, -1);
}

TEST(PunchRequest, RejectsFewerThanEightIdBytes) {
    expect_rejected(kPunchRequestTruncated, Error::TooShort);
    for (std::size_t size = 1; size < kPunchRequestSize; ++size)
        expect_rejected(std::span(kPunchRequest).first(size), Error::TooShort);
}

TEST(PunchRequest, EncodesAnIncompleteTrailerAsNone) {
    expect_encodes_to(PunchRequest{.requester = kNodeA, .target = kNodeB, .trailer = IncompleteGrant{}}, kPunchRequest);
}

}  // namespace
}  // namespace pb::wire::test
