// tests/wss/test_auth.cpp — the WSS challenge and its verification without
// sockets (PROTOCOL.md §5): the challenge text, every class of bad reply, the
// 30 s age limit, signatures by the wrong key or over the wrong text.
#include <gtest/gtest.h>

#include <set>

#include "controlplane/wss/auth.hpp"
#include "controlplane/wss/codec.hpp"
#include "tests/wss/test_keys.hpp"

namespace pb::cp::wss {
namespace {

constexpr uint32_t kNode = 7001;
constexpr int64_t kNow = 1'700'000'000;

std::string good_reply_text(const Challenge& challenge, uint32_t node = kNode) {
    const test::TestIdentity id = test::test_identity(node);
    return test::auth_reply_json(node, encode_base64(id.public_key),
                                 test::sign_compat_auth(id, node, challenge.ts, challenge.nonce));
}

PublicKey key_of(uint32_t node) { return test::test_identity(node).public_key; }

std::optional<AuthFailure> verify_text(const std::string& text, const Challenge& challenge, int64_t now,
                                       uint32_t key_node = kNode) {
    const ParsedReply parsed = parse_auth_reply(text);
    if (parsed.failure) return parsed.failure;
    return verify_auth_reply(parsed.reply, challenge, key_of(key_node), now, 30);
}

TEST(WssChallenge, NonceIs32RandomBytesInLowercaseHex) {
    std::set<std::string> seen;
    for (int i = 0; i < 64; ++i) {
        const Challenge c = Challenge::generate(kNow);
        ASSERT_EQ(c.nonce.size(), 64u);
        EXPECT_EQ(c.nonce.find_first_not_of("0123456789abcdef"), std::string::npos) << c.nonce;
        EXPECT_EQ(c.ts, kNow);
        seen.insert(c.nonce);
    }
    EXPECT_EQ(seen.size(), 64u);
}

TEST(WssChallenge, JsonIsTheProtocolText) {
    const Challenge c{std::string(64, 'a'), 1234};
    EXPECT_EQ(c.json(), R"({"type":"auth_challenge","nonce":")" + std::string(64, 'a') + R"(","ts":1234})");
    EXPECT_EQ(auth_ok_json(), R"({"type":"auth_ok"})");
}

TEST(WssAuth, GoodReplyVerifies) {
    const Challenge c = Challenge::generate(kNow);
    const ParsedReply parsed = parse_auth_reply(good_reply_text(c));
    ASSERT_FALSE(parsed.failure);
    EXPECT_EQ(parsed.reply.node_id, kNode);
    EXPECT_EQ(verify_auth_reply(parsed.reply, c, key_of(kNode), kNow, 30), std::nullopt);
    EXPECT_EQ(verify_auth_reply(parsed.reply, c, key_of(kNode), kNow + 30, 30), std::nullopt) << "30 s is still fresh";
}

TEST(WssAuth, BadJson) {
    for (const char* text : {R"({"type":"auth_reply","node_id":)", "[1,2]", "\"auth_reply\"", "",
                             R"({"type":"auth_reply","node_id":"7001","sig":""})",
                             R"({"type":"auth_reply","node_id":-1,"sig":""})",
                             R"({"type":"auth_reply","node_id":4294967296,"sig":""})",
                             R"({"type":"auth_reply","node_id":7001.5,"sig":""})",
                             R"({"type":7,"node_id":7001,"sig":""})", R"({"type":"auth_reply","node_id":7001,"sig":5})",
                             R"({"type":"auth_reply","node_id":7001,"sig":"","public_key":[]})"}) {
        EXPECT_EQ(parse_auth_reply(text).failure, AuthFailure::BadJson) << text;
    }
}

TEST(WssAuth, WrongType) {
    for (const char* text : {R"({"node_id":7001,"sig":""})", R"({"type":"auth_challenge","node_id":7001})",
                             R"({"type":"AUTH_REPLY","node_id":7001})", R"({"type":null,"node_id":7001})"}) {
        EXPECT_EQ(parse_auth_reply(text).failure, AuthFailure::WrongType) << text;
    }
}

TEST(WssAuth, ZeroNodeId) {
    for (const char* text : {R"({"type":"auth_reply","node_id":0,"sig":""})", R"({"type":"auth_reply","sig":""})",
                             R"({"type":"auth_reply","node_id":null})"}) {
        EXPECT_EQ(parse_auth_reply(text).failure, AuthFailure::ZeroNodeId) << text;
    }
}

TEST(WssAuth, LargestNodeIdAndExtraFieldsAreAccepted) {
    const ParsedReply parsed = parse_auth_reply(R"({"type":"auth_reply","node_id":4294967295,"sig":"","x":[1]})");
    ASSERT_FALSE(parsed.failure);
    EXPECT_EQ(parsed.reply.node_id, 4294967295u);
}

TEST(WssAuth, BadBase64) {
    const Challenge c = Challenge::generate(kNow);
    for (const char* sig : {"!!!!", "abc", "YWJj=", "YW Jj"}) {
        EXPECT_EQ(verify_text(test::auth_reply_json(kNode, "", sig), c, kNow), AuthFailure::BadBase64) << sig;
    }
}

TEST(WssAuth, StaleChallenge) {
    const Challenge c = Challenge::generate(kNow);
    EXPECT_EQ(verify_text(good_reply_text(c), c, kNow + 31), AuthFailure::StaleChallenge);
}

TEST(WssAuth, BadSignatures) {
    const Challenge c = Challenge::generate(kNow);
    // Signed by another node's key; the reply's own public_key is not trusted.
    const test::TestIdentity other = test::test_identity(kNode + 1);
    EXPECT_EQ(verify_text(test::auth_reply_json(kNode, encode_base64(other.public_key),
                                                test::sign_compat_auth(other, kNode, c.ts, c.nonce)),
                          c, kNow),
              AuthFailure::BadSignature);
    // Over another nonce, another ts, another node id.
    const test::TestIdentity me = test::test_identity(kNode);
    EXPECT_EQ(verify_text(test::auth_reply_json(kNode, "", test::sign_compat_auth(me, kNode, c.ts, std::string(64, '0'))),
                          c, kNow),
              AuthFailure::BadSignature);
    EXPECT_EQ(verify_text(test::auth_reply_json(kNode, "", test::sign_compat_auth(me, kNode, c.ts - 1, c.nonce)), c,
                          kNow),
              AuthFailure::BadSignature);
    EXPECT_EQ(verify_text(test::auth_reply_json(kNode + 1, "", test::sign_compat_auth(me, kNode, c.ts, c.nonce)), c,
                          kNow, kNode + 1),
              AuthFailure::BadSignature);
    // Empty and short signatures decode but cannot verify (as Go's ed25519.Verify).
    EXPECT_EQ(verify_text(test::auth_reply_json(kNode, "", ""), c, kNow), AuthFailure::BadSignature);
    EXPECT_EQ(verify_text(test::auth_reply_json(kNode, "", "YWJj"), c, kNow), AuthFailure::BadSignature);
}

TEST(WssAuth, FailureNamesAreDistinct) {
    std::set<std::string_view> names;
    for (size_t i = 0; i < kAuthFailureKinds; ++i) names.insert(auth_failure_name(AuthFailure(i)));
    EXPECT_EQ(names.size(), kAuthFailureKinds);
    EXPECT_EQ(auth_failure_name(AuthFailure::BadSignature), "bad_signature");
}

TEST(WssCodec, Base64RoundTripAndLineBreaks) {
    const std::vector<uint8_t> bytes = {0, 1, 2, 250, 251, 252, 253};
    const std::string text = encode_base64(bytes);
    EXPECT_EQ(text, "AAEC+vv8/Q==");
    EXPECT_EQ(decode_base64(text), bytes);
    EXPECT_EQ(decode_base64("AAEC\r\n+vv8/Q=="), bytes);
    EXPECT_EQ(decode_base64(""), std::vector<uint8_t>{});
    EXPECT_FALSE(decode_base64("AAEC+vv8/Q"));  // Go's StdEncoding wants the padding
    EXPECT_EQ(encode_hex(bytes), "000102fafbfcfd");
}

}  // namespace
}  // namespace pb::cp::wss
