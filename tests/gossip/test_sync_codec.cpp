// Unit tests for controlplane/gossip/sync_codec: our Sync extension read by a
// Go beacon's rules (common/wire's Sync parser) and by ours, the Hello, and
// the golden bytes of the trailer.
#include "controlplane/gossip/sync_codec.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "common/wire/sync.hpp"

using namespace pb::cp::gossip;

namespace {
std::vector<uint8_t> encode(uint32_t beacon, std::vector<uint32_t> ids, SyncTrailer t) {
    std::vector<uint8_t> out(sync_size(ids.size()));
    EXPECT_EQ(write_sync(out, beacon, ids, t), out.size());
    return out;
}
}  // namespace

TEST(SyncCodec, TrailerGoldenBytes) {
    const auto bytes = encode(0x01020304, {0xAABBCCDD}, SyncTrailer{flags::kMultipart | flags::kPartialSet, 7, 2, 9});
    const std::vector<uint8_t> want = {0x07, 1, 2, 3, 4, 0, 1, 0xAA, 0xBB, 0xCC, 0xDD,  // Go-readable part
                                       'P', 'B', 'G', 'X', 1, 0x03, 0, 0,              // magic version flags reserved
                                       0, 0, 0, 7, 0, 0, 0, 2, 0, 0, 0, 9};            // generation part parts
    EXPECT_EQ(bytes, want);
}

TEST(SyncCodec, GoBeaconReadsOurSyncAsAPlainOne) {
    const auto bytes = encode(42, {1, 2, 3}, SyncTrailer{flags::kMultipart, 1, 0, 1});
    const auto go = pb::wire::Sync::parse(bytes);  // bytes after the ids are ignored
    ASSERT_TRUE(go.ok());
    EXPECT_EQ(go->beacon_id(), 42u);
    ASSERT_EQ(go->count(), 3u);
    EXPECT_EQ(go->id(2), 3u);
}

TEST(SyncCodec, OursReadsTheTrailer) {
    const auto bytes = encode(42, {5, 6}, SyncTrailer{flags::kMultipart, 0xfffffff0, 3, 4});
    const ReceivedSync r = read_sync(bytes);
    EXPECT_EQ(r.kind, SyncKind::Extended);
    EXPECT_EQ(r.beacon_id, 42u);
    ASSERT_EQ(r.count(), 2u);
    EXPECT_EQ(r.id(1), 6u);
    EXPECT_EQ(r.trailer, (SyncTrailer{flags::kMultipart, 0xfffffff0, 3, 4}));
}

TEST(SyncCodec, GoSyncAndForeignTrailingBytesArePlain) {
    std::vector<uint8_t> go = {0x07, 0, 0, 0, 9, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2};
    ReceivedSync r = read_sync(go);
    EXPECT_EQ(r.kind, SyncKind::Plain);
    EXPECT_EQ(r.count(), 2u);
    go.insert(go.end(), 20, 0xee);  // 20 bytes, but not our magic
    r = read_sync(go);
    EXPECT_EQ(r.kind, SyncKind::Plain);
    EXPECT_EQ(r.count(), 2u);
    EXPECT_EQ(r.trailer, SyncTrailer{});
}

TEST(SyncCodec, ShortAndMismatchedAreRefused) {
    EXPECT_EQ(read_sync(std::vector<uint8_t>{0x07, 0, 0, 0, 1, 0}).kind, SyncKind::TooShort);
    EXPECT_EQ(read_sync(std::vector<uint8_t>{0x07, 0, 0, 0, 1, 0, 2, 0, 0, 0, 1}).kind, SyncKind::CountMismatch);
    EXPECT_EQ(read_sync(std::vector<uint8_t>{0x07, 0, 0, 0, 1, 0, 0}).kind, SyncKind::Plain);  // empty set
}

TEST(SyncCodec, HelloIsIgnoredByGoAndRecognisedByUs) {
    std::vector<uint8_t> hello(kHelloSize);
    ASSERT_EQ(write_hello(hello, 77, 5), kHelloSize);
    EXPECT_EQ(hello.size(), 27u);
    const auto go = pb::wire::Sync::parse(hello);
    ASSERT_FALSE(go.ok());
    EXPECT_EQ(go.error(), pb::wire::Error::CountMismatch);  // PROTOCOL.md §3 step 1: ignored
    const ReceivedSync r = read_sync(hello);
    EXPECT_EQ(r.kind, SyncKind::Hello);
    EXPECT_EQ(r.beacon_id, 77u);
    EXPECT_EQ(r.count(), 0u);
    EXPECT_TRUE(r.trailer.flags & flags::kMultipart);
}

TEST(SyncCodec, WriterRefusesSmallBuffersAndTooManyIds) {
    std::vector<uint8_t> small(sync_size(2) - 1);
    const std::vector<uint32_t> ids = {1, 2};
    EXPECT_EQ(write_sync(small, 1, ids, {}), 0u);
    std::vector<uint32_t> many(16376, 1);
    std::vector<uint8_t> big(sync_size(many.size()));
    EXPECT_EQ(write_sync(big, 1, many, {}), 0u);
    std::vector<uint8_t> tiny(kHelloSize - 1);
    EXPECT_EQ(write_hello(tiny, 1, 1), 0u);
}
