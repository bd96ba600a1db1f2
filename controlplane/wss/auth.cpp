// controlplane/wss/auth.cpp — challenge, reply parsing (Boost.JSON) and
// signature verification (libsodium).
#include "controlplane/wss/auth.hpp"

#include <sodium.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <stdexcept>

#include "common/wire/signed_text.hpp"
#include "controlplane/wss/codec.hpp"

namespace pb::cp::wss {

namespace json = boost::json;

std::string_view auth_failure_name(AuthFailure failure) {
    constexpr std::array<std::string_view, kAuthFailureKinds> names = {
        "timeout",     "closed",      "too_large",  "not_text",        "bad_json",      "wrong_type",  "zero_node_id",
        "unknown_node", "lookup_failed", "bad_base64", "stale_challenge", "bad_signature", "table_full"};
    return names[size_t(failure)];
}

Challenge Challenge::generate(int64_t now_unix_s) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    std::array<uint8_t, wire::kAuthNonceHexSize / 2> nonce;
    randombytes_buf(nonce.data(), nonce.size());
    return {encode_hex(nonce), now_unix_s};
}

std::string Challenge::json() const {
    return R"({"type":"auth_challenge","nonce":")" + nonce + R"(","ts":)" + std::to_string(ts) + "}";
}

std::string_view auth_ok_json() { return R"({"type":"auth_ok"})"; }

namespace {

// A field the original decodes into a Go string: absent or null leaves it
// empty; any other JSON type fails the whole decode.
bool read_string(const json::object& object, std::string_view name, std::string& out) {
    const json::value* v = object.if_contains(name);
    if (v == nullptr || v->is_null()) return true;
    if (!v->is_string()) return false;
    out.assign(v->get_string().data(), v->get_string().size());
    return true;
}

// node_id decodes into a Go uint32: an integer literal in range, nothing else.
bool read_node_id(const json::object& object, uint32_t& out) {
    const json::value* v = object.if_contains("node_id");
    if (v == nullptr || v->is_null()) return true;
    if (v->is_uint64() && v->get_uint64() <= UINT32_MAX) {
        out = uint32_t(v->get_uint64());
        return true;
    }
    if (v->is_int64() && v->get_int64() >= 0 && v->get_int64() <= int64_t(UINT32_MAX)) {
        out = uint32_t(v->get_int64());
        return true;
    }
    return false;
}

}  // namespace

ParsedReply parse_auth_reply(std::string_view text) {
    ParsedReply parsed;
    boost::system::error_code ec;
    const json::value root = json::parse(text, ec);
    std::string type, public_key;
    if (ec || !root.is_object() || !read_string(root.get_object(), "type", type) ||
        !read_string(root.get_object(), "public_key", public_key) ||
        !read_string(root.get_object(), "sig", parsed.reply.sig) ||
        !read_node_id(root.get_object(), parsed.reply.node_id)) {
        parsed.failure = AuthFailure::BadJson;
    } else if (type != "auth_reply") {
        parsed.failure = AuthFailure::WrongType;
    } else if (parsed.reply.node_id == 0) {
        parsed.failure = AuthFailure::ZeroNodeId;
    }
    return parsed;
}

std::optional<AuthFailure> verify_auth_reply(const AuthReply& reply, const Challenge& challenge, const PublicKey& key,
                                             int64_t now_unix_s, int64_t max_age_s) {
    const std::optional<std::vector<uint8_t>> sig = decode_base64(reply.sig);
    if (!sig) return AuthFailure::BadBase64;
    if (now_unix_s - challenge.ts > max_age_s) return AuthFailure::StaleChallenge;
    std::array<char, wire::kMaxCompatAuthTextSize> buffer;
    const auto text = wire::format_compat_auth(buffer, reply.node_id, challenge.ts, challenge.nonce);
    if (!text || sig->size() != crypto_sign_BYTES ||
        crypto_sign_verify_detached(sig->data(), reinterpret_cast<const unsigned char*>(text->data()), text->size(),
                                    key.data()) != 0)
        return AuthFailure::BadSignature;
    return std::nullopt;
}

}  // namespace pb::cp::wss
