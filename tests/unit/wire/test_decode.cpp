// Unit tests for decode(): dispatch on the type byte, the datagrams that are
// no beacon message, and the error names.
#include "common/wire/decode.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string_view>

#include "tests/unit/wire/golden_vectors.hpp"
#include "tests/unit/wire/wire_test_support.hpp"

namespace pb::wire::test {
namespace {

using namespace golden;

TEST(Decode, IgnoresEmptyDatagram) { expect_rejected({}, Error::Empty); }

TEST(Decode, RejectsUnknownTypes) {
    expect_rejected(kUnknownType00, Error::UnknownType);
    expect_rejected(kUnknownType0A, Error::UnknownType);
    expect_rejected(kUnknownType10, Error::UnknownType);
    expect_rejected(kUnknownTypeFF, Error::UnknownType);
    expect_rejected(kTunnelMagic, Error::UnknownType);
    for (unsigned type = 0x0A; type <= 0xFF; ++type) {
        const uint8_t datagram[] = {uint8_t(type), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        expect_rejected(datagram, Error::UnknownType);
    }
}

TEST(Decode, DispatchesEveryTypeToItsAlternative) {
    // Type bytes 0x01..0x09 in order, like the alternatives of Message.
    const std::span<const uint8_t> one_of_each[] = {kDiscover, kDiscoverReplyV4, kPunchRequest,
                                                    kPunchCommandV4, kRelay, kRelayDeliver,
                                                    kSync, kDiscoverEx, kRelayDeliverDest};
    static_assert(std::size(one_of_each) == std::variant_size_v<Message>);
    for (std::size_t i = 0; i < std::size(one_of_each); ++i) {
        const Result<Message> decoded = decode(one_of_each[i]);
        ASSERT_TRUE(decoded.ok()) << i;
        EXPECT_EQ(decoded->index(), i);
        EXPECT_EQ(one_of_each[i][0], i + 1);
    }
}

TEST(Decode, ErrorNamesAreDistinct) {
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < kErrorCount; ++i) names.insert(error_name(Error(i)));
    EXPECT_EQ(names.size(), kErrorCount);
    EXPECT_EQ(names.count("invalid"), 0u);
}

}  // namespace
}  // namespace pb::wire::test
