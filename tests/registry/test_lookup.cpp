// tests/registry/test_lookup.cpp — public-key lookups: found, unknown,
// cached (positive and negative), coalesced, a lying or absent registry.
#include <sodium/utils.h>

#include "tests/registry/client_fixture.hpp"

namespace pb::registry::testing {
namespace {

PublicKey test_key() {
    PublicKey key{};
    for (size_t i = 0; i < key.size(); ++i) key[i] = uint8_t(i * 7 + 1);
    return key;
}

std::string base64(const uint8_t* bytes, size_t length) {
    std::string text(sodium_base64_encoded_len(length, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(text.data(), text.size(), bytes, length, sodium_base64_VARIANT_ORIGINAL);
    text.pop_back();  // the terminating NUL
    return text;
}

class LookupTest : public ClientTest {
protected:
    void SetUp() override {
        const PublicKey key = test_key();
        server.set_key(5001, base64(key.data(), key.size()));
        server.set_key(5002, base64(key.data(), 31));
    }

    // Looks up node_id and runs the loop until the answer arrives.
    LookupResult lookup(uint32_t node_id) {
        std::optional<LookupResult> answer;
        client->lookup_public_key(node_id, [&](const LookupResult& result) { answer = result; });
        EXPECT_TRUE(run_until(io, [&] { return answer.has_value(); }));
        return answer.value_or(LookupResult{});
    }

    // A client that does not register (beacon id 0): lookups only.
    void start_lookups_only(const std::string& registry, RegistryTimings timings = fast_timings()) {
        RegistrySettings lookups_only = settings(registry);
        lookups_only.beacon_id = 0;
        start(lookups_only, timings);
    }
};

TEST_F(LookupTest, FoundKeyIsDecodedThenServedFromTheCache) {
    start_lookups_only(server.address());
    const LookupResult first = lookup(5001);
    EXPECT_EQ(first.status, LookupStatus::Found);
    EXPECT_EQ(first.key, test_key());
    EXPECT_FALSE(first.cached);
    EXPECT_EQ(server.requests().at(0), json_object(R"({"type":"lookup","node_id":5001})"));

    const LookupResult second = lookup(5001);
    EXPECT_EQ(second.status, LookupStatus::Found);
    EXPECT_EQ(second.key, test_key());
    EXPECT_TRUE(second.cached);
    EXPECT_EQ(server.count("lookup"), 1u);
    EXPECT_EQ(client->stats().lookup_ok, 1u);
    EXPECT_EQ(client->stats().lookup_cached, 1u);
}

TEST_F(LookupTest, UnknownNodeIsCachedNegatively) {
    start_lookups_only(server.address());
    EXPECT_EQ(lookup(6000).status, LookupStatus::Unknown);
    const LookupResult again = lookup(6000);
    EXPECT_EQ(again.status, LookupStatus::Unknown);
    EXPECT_TRUE(again.cached);
    EXPECT_EQ(server.count("lookup"), 1u);
    EXPECT_EQ(client->stats().lookup_failed[Failure::NotFound], 1u);
}

TEST_F(LookupTest, ExpiredEntriesAreAskedAgain) {
    RegistryTimings timings = fast_timings();
    timings.key_cache.positive_ttl = 50ms;
    start_lookups_only(server.address(), timings);
    lookup(5001);
    run_for(io, 80ms);
    EXPECT_FALSE(lookup(5001).cached);
    EXPECT_EQ(server.count("lookup"), 2u);
}

TEST_F(LookupTest, ConcurrentLookupsOfOneNodeShareOneRequest) {
    start_lookups_only(server.address());
    int answers = 0;
    for (int i = 0; i < 3; ++i)
        client->lookup_public_key(5001, [&](const LookupResult& r) { answers += r.status == LookupStatus::Found; });
    ASSERT_TRUE(run_until(io, [&] { return answers == 3; }));
    EXPECT_EQ(server.count("lookup"), 1u);
}

TEST_F(LookupTest, KeyOfTheWrongLengthIsRefused) {
    start_lookups_only(server.address());
    const LookupResult result = lookup(5002);
    EXPECT_EQ(result.status, LookupStatus::Failed);
    EXPECT_EQ(result.reason, Failure::BadKey);
}

TEST_F(LookupTest, AnswerForAnotherNodeIsRefused) {
    server.set_reply("lookup", json_object(R"({"type":"lookup_ok","node_id":1,"public_key":"AAAA"})"));
    start_lookups_only(server.address());
    EXPECT_EQ(lookup(5001).reason, Failure::BadReply);
}

TEST_F(LookupTest, DownRegistryFailsAndIsNotCached) {
    ClosedPort down(io);
    start_lookups_only(down.address());
    EXPECT_EQ(lookup(5001).reason, Failure::Connect);
    const LookupResult again = lookup(5001);
    EXPECT_EQ(again.reason, Failure::Connect);
    EXPECT_FALSE(again.cached);
    EXPECT_EQ(client->stats().lookup_failed[Failure::Connect], 2u);
}

TEST_F(LookupTest, SilentRegistryTimesOut) {
    server.set_mode(ReplyMode::Silent);
    start_lookups_only(server.address());
    EXPECT_EQ(lookup(5001).reason, Failure::Timeout);
}

TEST_F(LookupTest, WithoutARegistryLookupsFailAtOnce) {
    start_lookups_only("");
    EXPECT_EQ(lookup(5001).reason, Failure::Disabled);
    EXPECT_EQ(server.accepted(), 0u);
}

}  // namespace
}  // namespace pb::registry::testing
