// Unit tests for Discover (0x01) and DiscoverEx (0x08).
#include "common/wire/discover.hpp"

#include <gtest/gtest.h>

#include "tests/unit/wire/golden_vectors.hpp"
#include "tests/unit/wire/wire_test_support.hpp"

namespace pb::wire::test {
namespace {

using namespace golden;

const PublicKeyView kKey(golden::kPublicKey);

TEST(Discover, GoldenWithoutKey) { expect_golden(Discover{.id = kNodeA}, kDiscover); }

TEST(Discover, GoldenWithKey) { expect_golden(Discover{.id = kNodeA, .public_key = kKey}, kDiscoverWithKey); }

TEST(Discover, KeyPointsIntoTheDatagram) {
    auto message = decode_as<Discover>(kDiscoverWithKey);
    ASSERT_TRUE(message && message->public_key);
    EXPECT_EQ(message->public_key->data(), kDiscoverWithKey + kDiscoverSize);
}

TEST(Discover, IgnoresBytesAfterTheKey) {
    auto message = decode_as<Discover>(kDiscoverWithKeyAndTail);
    ASSERT_TRUE(message);
    EXPECT_EQ(fields(*message), fields(Discover{.id = kNodeA, .public_key = kKey}));
}

TEST(Discover, FewerThan32ExtraBytesAreNoKeyAndNoError) {
    auto message = decode_as<Discover>(kDiscoverWithShortTail);
    ASSERT_TRUE(message);
    EXPECT_FALSE(message->public_key);
    for (std::size_t extra = 1; extra < kPublicKeySize; ++extra) {
        auto parsed = decode_as<Discover>(resized(kDiscover, kDiscoverSize + extra));
        ASSERT_TRUE(parsed) << extra;
        EXPECT_EQ(fields(*parsed), fields(Discover{.id = kNodeA})) << extra;
    }
}

TEST(Discover, RejectsFewerThanFourIdBytes) {
    expect_rejected(kDiscoverTruncatedId, Error::TooShort);
    for (std::size_t size = 1; size < kDiscoverSize; ++size)
        expect_rejected(std::span(kDiscover).first(size), Error::TooShort);
    EXPECT_EQ(Discover::parse({}).error(), Error::TooShort);
}

TEST(DiscoverEx, GoldenHasTheDiscoverLayoutUnderItsOwnType) {
    expect_golden(DiscoverEx{.id = kNodeA, .public_key = kKey}, kDiscoverEx);
}

}  // namespace
}  // namespace pb::wire::test
