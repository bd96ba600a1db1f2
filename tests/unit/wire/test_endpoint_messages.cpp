// Unit tests for DiscoverReply (0x02) and PunchCommand (0x04): the shared
// `iplen ip port` address form in both families.
#include "common/wire/endpoint_messages.hpp"

#include <gtest/gtest.h>

#include "tests/unit/wire/golden_vectors.hpp"
#include "tests/unit/wire/wire_test_support.hpp"

namespace pb::wire::test {
namespace {

using namespace golden;

net::Endpoint endpoint(const char* text) { return *net::Endpoint::parse(text); }

TEST(DiscoverReply, GoldenBothFamilies) {
    expect_golden(DiscoverReply{endpoint("192.0.2.7:9001")}, kDiscoverReplyV4);
    expect_golden(DiscoverReply{endpoint("[2001:db8::1]:9001")}, kDiscoverReplyV6);
}

TEST(PunchCommand, GoldenBothFamilies) {
    expect_golden(PunchCommand{endpoint("198.51.100.10:54321")}, kPunchCommandV4);
    expect_golden(PunchCommand{endpoint("[fd77::2]:8080")}, kPunchCommandV6);
}

TEST(EndpointMessages, EncodeV4MappedAddressesAsFourBytes) {
    expect_encodes_to(DiscoverReply{endpoint("[::ffff:192.0.2.7]:9001")}, kDiscoverReplyV4);
    expect_encodes_to(PunchCommand{endpoint("[::ffff:198.51.100.10]:54321")}, kPunchCommandV4);
}

TEST(EndpointMessages, SizeDependsOnFamily) {
    EXPECT_EQ(endpoint_message_size(net::Family::V4), sizeof kDiscoverReplyV4);
    EXPECT_EQ(endpoint_message_size(net::Family::V6), sizeof kDiscoverReplyV6);
    EXPECT_EQ(*DiscoverReply{endpoint("[::ffff:192.0.2.7]:1")}.encoded_size(), sizeof kDiscoverReplyV4);
}

TEST(EndpointMessages, IgnoreBytesAfterThePort) {
    auto message = decode_as<DiscoverReply>(resized(kDiscoverReplyV4, sizeof kDiscoverReplyV4 + 1));
    ASSERT_TRUE(message);
    EXPECT_EQ(message->endpoint, endpoint("192.0.2.7:9001"));
}

TEST(EndpointMessages, RejectMalformedAddresses) {
    expect_rejected(kReplyBadIpLength, Error::BadAddressLength);
    expect_rejected(kReplyTruncatedIp, Error::TooShort);
    expect_rejected(kReplyTruncatedPort, Error::TooShort);
    expect_rejected(kReplyNoAddress, Error::TooShort);
    EXPECT_EQ(PunchCommand::parse({}).error(), Error::TooShort);
    for (uint8_t iplen : {0, 1, 5, 6, 15, 17, 255}) {
        const uint8_t datagram[] = {0x04, iplen, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        expect_rejected(datagram, Error::BadAddressLength);
    }
}

}  // namespace
}  // namespace pb::wire::test
