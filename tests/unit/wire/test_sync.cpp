// Unit tests for Sync (0x07): parsing, the count check, and the encoder's
// one-datagram limit.
#include "common/wire/sync.hpp"

#include <gtest/gtest.h>

#include <array>
#include <numeric>
#include <vector>

#include "tests/unit/wire/golden_vectors.hpp"
#include "tests/unit/wire/wire_test_support.hpp"

namespace pb::wire::test {
namespace {

using namespace golden;

// Checks an encode_sync call against `expected` and every shorter buffer.
void expect_sync_encodes_to(uint32_t beacon_id, std::span<const uint32_t> ids, std::span<const uint8_t> expected) {
    std::vector<uint8_t> out(expected.size());
    ASSERT_EQ(*encode_sync(out, beacon_id, ids), expected.size());
    EXPECT_EQ(out, bytes_of(expected));
    for (std::size_t size = 0; size < expected.size(); ++size)
        EXPECT_EQ(encode_sync(std::span(out).first(size), beacon_id, ids).error(), Error::BufferTooSmall);
}

TEST(Sync, ParsesIds) {
    auto message = decode_as<Sync>(kSync);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->beacon_id(), kBeaconId);
    ASSERT_EQ(message->count(), 2u);
    EXPECT_EQ(message->id(0), kNodeA);
    EXPECT_EQ(message->id(1), kNodeB);
}

TEST(Sync, ParsesCountZero) {
    auto message = decode_as<Sync>(kSyncEmpty);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->beacon_id(), kBeaconId);
    EXPECT_EQ(message->count(), 0u);
}

TEST(Sync, IgnoresBytesAfterTheIds) {
    auto message = decode_as<Sync>(kSyncWithTail);
    ASSERT_TRUE(message);
    ASSERT_EQ(message->count(), 1u);
    EXPECT_EQ(message->id(0), kNodeA);
}

TEST(Sync, RejectsShortHeaderAndCountMismatch) {
    expect_rejected(kSyncTruncated, Error::TooShort);
    for (std::size_t size = 1; size < kSyncHeaderSize; ++size)
        expect_rejected(std::span(kSync).first(size), Error::TooShort);
    expect_rejected(kSyncCountMismatch, Error::CountMismatch);
    expect_rejected(std::span(kSync).first(sizeof kSync - 1), Error::CountMismatch);
}

TEST(Sync, EncodesIds) {
    expect_sync_encodes_to(kBeaconId, std::array{kNodeA, kNodeB}, kSync);
    expect_sync_encodes_to(kBeaconId, {}, kSyncEmpty);
}

TEST(Sync, ReencodesAParsedSync) { expect_encodes_to(*Sync::parse(kSyncWithTail), std::span(kSyncWithTail).first(kSyncHeaderSize + kIdSize)); }

TEST(Sync, EncoderStopsAtOneUdpDatagram) {
    std::vector<uint32_t> ids(kMaxSyncIdsPerDatagram + 1);
    std::iota(ids.begin(), ids.end(), 1u);
    std::vector<uint8_t> out(kSyncHeaderSize + ids.size() * kIdSize);

    const Result<std::size_t> largest = encode_sync(out, kBeaconId, std::span(ids).first(kMaxSyncIdsPerDatagram));
    ASSERT_TRUE(largest.ok());
    EXPECT_EQ(*largest, kMaxUdpPayload);
    auto parsed = Sync::parse(std::span(out).first(*largest));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->count(), kMaxSyncIdsPerDatagram);
    EXPECT_EQ(parsed->id(kMaxSyncIdsPerDatagram - 1), kMaxSyncIdsPerDatagram);

    EXPECT_EQ(encode_sync(out, kBeaconId, ids).error(), Error::TooManyIds);
}

}  // namespace
}  // namespace pb::wire::test
