// Property test: random messages of every type encode, decode to the same
// fields, and re-encode to the same bytes.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "common/wire/decode.hpp"
#include "tests/unit/wire/wire_test_support.hpp"

namespace pb::wire::test {
namespace {

constexpr int kIterations = 500;

class RandomMessages {
public:
    uint32_t id() { return uint32_t(engine_()); }
    bool coin() { return engine_() & 1; }

    std::span<const uint8_t> bytes(std::size_t size) {
        std::vector<uint8_t>& out = storage_.emplace_back(size);
        for (uint8_t& b : out) b = uint8_t(engine_());
        return out;
    }
    // Mostly small payloads, now and then up to the largest allowed.
    std::span<const uint8_t> payload() {
        const std::size_t limit = engine_() % 50 == 0 ? kMaxRelayPayload : 1500;
        return bytes(std::uniform_int_distribution<std::size_t>(0, limit)(engine_));
    }
    net::Endpoint endpoint() {
        const std::span<const uint8_t> ip = bytes(kIpv6Size);
        return {.address = coin() ? net::IpAddress::v4_bytes(ip.data()) : net::IpAddress::v6_bytes(ip.data()),
                .port = uint16_t(engine_())};
    }
    std::optional<PublicKeyView> public_key() {
        if (!coin()) return std::nullopt;
        return bytes(kPublicKeySize).first<kPublicKeySize>();
    }
    GrantTrailer trailer() {
        if (!coin()) return NoGrant{};
        return Grant{.expiry = std::uniform_int_distribution<int64_t>(INT64_MIN, INT64_MAX)(engine_),
                     .signature = bytes(kSignatureSize).first<kSignatureSize>()};
    }

private:
    std::mt19937 engine_{20240601};
    std::vector<std::vector<uint8_t>> storage_;
};

template <class M>
void expect_round_trip(const M& message) {
    std::vector<uint8_t> datagram(*message.encoded_size());
    ASSERT_EQ(*encode(datagram, message), datagram.size());
    const std::optional<M> decoded = decode_as<M>(datagram);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(fields(*decoded), fields(message));
    std::vector<uint8_t> again(datagram.size());
    ASSERT_EQ(*encode(again, *decoded), datagram.size());
    EXPECT_EQ(again, datagram);
}

TEST(RoundTrip, EveryMessageTypeWithRandomFields) {
    RandomMessages random;
    for (int i = 0; i < kIterations; ++i) {
        expect_round_trip(Discover{.id = random.id(), .public_key = random.public_key()});
        expect_round_trip(DiscoverEx{.id = random.id(), .public_key = random.public_key()});
        expect_round_trip(DiscoverReply{random.endpoint()});
        expect_round_trip(PunchCommand{random.endpoint()});
        expect_round_trip(PunchRequest{.requester = random.id(), .target = random.id(), .trailer = random.trailer()});
        expect_round_trip(Relay{.sender = random.id(), .dest = random.id(), .payload = random.payload()});
        expect_round_trip(RelayDeliver{.sender = random.id(), .payload = random.payload()});
        expect_round_trip(RelayDeliverDest{.sender = random.id(), .dest = random.id(), .payload = random.payload()});
    }
}

TEST(RoundTrip, SyncWithRandomIds) {
    std::mt19937 engine(7);
    for (int i = 0; i < kIterations; ++i) {
        std::vector<uint32_t> ids(engine() % 3000);
        for (uint32_t& id : ids) id = uint32_t(engine());
        const uint32_t beacon_id = uint32_t(engine());
        std::vector<uint8_t> datagram(*sync_size(ids.size()));
        ASSERT_EQ(*encode_sync(datagram, beacon_id, ids), datagram.size());
        const std::optional<Sync> decoded = decode_as<Sync>(datagram);
        ASSERT_TRUE(decoded);
        EXPECT_EQ(decoded->beacon_id(), beacon_id);
        ASSERT_EQ(decoded->count(), ids.size());
        for (std::size_t k = 0; k < ids.size(); ++k) ASSERT_EQ(decoded->id(k), ids[k]);
    }
}

}  // namespace
}  // namespace pb::wire::test
