// Unit tests for the relay family (0x05, 0x06, 0x09) and its in-place
// rewriting.
#include "common/wire/relay.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "common/wire/relay_rewrite.hpp"
#include "tests/unit/wire/golden_vectors.hpp"
#include "tests/unit/wire/wire_test_support.hpp"

namespace pb::wire::test {
namespace {

using namespace golden;

std::vector<uint8_t> relay_with_payload(std::size_t payload_size) {
    return resized(kRelayEmptyPayload, kRelayHeaderSize + payload_size);
}

TEST(Relay, Golden) { expect_golden(Relay{.sender = kNodeA, .dest = kNodeB, .payload = kPayload}, kRelay); }

TEST(Relay, GoldenWithEmptyPayload) { expect_golden(Relay{.sender = kNodeA, .dest = kNodeB}, kRelayEmptyPayload); }

TEST(Relay, PayloadPointsIntoTheDatagram) {
    auto message = decode_as<Relay>(kRelay);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->payload.data(), kRelay + kRelayHeaderSize);
}

TEST(Relay, RejectsFewerThanEightIdBytes) {
    expect_rejected(kRelayTruncated, Error::TooShort);
    for (std::size_t size = 1; size < kRelayHeaderSize; ++size)
        expect_rejected(std::span(kRelay).first(size), Error::TooShort);
}

TEST(Relay, PayloadLimitIs65535Bytes) {
    const auto largest = relay_with_payload(kMaxRelayPayload);
    auto message = decode_as<Relay>(largest);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->payload.size(), kMaxRelayPayload);
    expect_rejected(relay_with_payload(kMaxRelayPayload + 1), Error::PayloadTooLarge);
    expect_rejected(resized(kRelayDeliver, kRelayDeliverHeaderSize + kMaxRelayPayload + 1), Error::PayloadTooLarge);
    expect_rejected(resized(kRelayDeliverDest, kRelayDeliverDestHeaderSize + kMaxRelayPayload + 1),
                    Error::PayloadTooLarge);

    std::vector<uint8_t> out(kRelayHeaderSize + kMaxRelayPayload + 1);
    EXPECT_EQ(*encode(out, *message), largest.size());
    const std::vector<uint8_t> too_large(kMaxRelayPayload + 1);
    EXPECT_EQ(encode(out, Relay{.payload = too_large}).error(), Error::PayloadTooLarge);
    EXPECT_EQ(encode(out, RelayDeliver{.payload = too_large}).error(), Error::PayloadTooLarge);
}

TEST(RelayDeliver, Golden) {
    expect_golden(RelayDeliver{.sender = kNodeA, .payload = kPayload}, kRelayDeliver);
    expect_rejected(kRelayDeliverTruncated, Error::TooShort);
}

TEST(RelayDeliverDest, Golden) {
    expect_golden(RelayDeliverDest{.sender = kNodeA, .dest = kNodeB, .payload = kPayload}, kRelayDeliverDest);
}

// A received Relay datagram, writable, as the dataplane holds it.
struct ReceivedRelay {
    std::array<uint8_t, sizeof kRelay> bytes = std::to_array(kRelay);

    RelayHeader header() { return RelayHeader(bytes.data(), kRelayHeaderSize); }
    std::span<const uint8_t> from(std::size_t offset) const { return std::span(bytes).subspan(offset); }
};

TEST(RelayRewrite, RelayBecomesRelayDeliverEndingWhereTheRelayHeaderEnded) {
    ReceivedRelay packet;
    const std::size_t start = relay_to_deliver(packet.header());
    EXPECT_EQ(start, kRelayDeliverOffset);
    EXPECT_EQ(start + kRelayDeliverHeaderSize, kRelayHeaderSize);
    EXPECT_EQ(bytes_of(packet.from(start)), bytes_of(kRelayDeliver));
}

TEST(RelayRewrite, RelayBecomesRelayDeliverDestByItsTypeByte) {
    ReceivedRelay packet;
    const std::size_t start = relay_to_deliver_dest(packet.header());
    EXPECT_EQ(start, kRelayDeliverDestOffset);
    EXPECT_EQ(bytes_of(packet.from(start)), bytes_of(kRelayDeliverDest));
}

TEST(RelayRewrite, LocalDeliveryChoosesTheFormTheDestinationAskedFor) {
    ReceivedRelay plain, extended;
    EXPECT_EQ(bytes_of(plain.from(relay_to_local_delivery(plain.header(), false))), bytes_of(kRelayDeliver));
    EXPECT_EQ(bytes_of(extended.from(relay_to_local_delivery(extended.header(), true))), bytes_of(kRelayDeliverDest));
}

}  // namespace
}  // namespace pb::wire::test
