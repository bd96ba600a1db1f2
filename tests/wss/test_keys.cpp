// tests/wss/test_keys.cpp — deterministic test identities (libsodium).
#include "tests/wss/test_keys.hpp"

#include <sodium.h>

#include <stdexcept>

#include "common/wire/signed_text.hpp"
#include "controlplane/wss/codec.hpp"

namespace pb::test {

TestIdentity test_identity(uint32_t node_id) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    const std::string label = "pilot-beacon-wss-test:" + std::to_string(node_id);
    std::array<uint8_t, crypto_sign_SEEDBYTES> seed;
    crypto_generichash(seed.data(), seed.size(), reinterpret_cast<const unsigned char*>(label.data()), label.size(),
                       nullptr, 0);
    TestIdentity identity;
    crypto_sign_seed_keypair(identity.public_key.data(), identity.secret_key.data(), seed.data());
    return identity;
}

std::string sign_compat_auth(const TestIdentity& identity, uint32_t node_id, int64_t ts, std::string_view nonce) {
    std::array<char, wire::kMaxCompatAuthTextSize + 64> buffer;
    const auto text = wire::format_compat_auth(buffer, node_id, ts, nonce);
    if (!text) throw std::invalid_argument("nonce too long for the compat_auth text");
    std::array<uint8_t, crypto_sign_BYTES> sig;
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(text->data()), text->size(),
                         identity.secret_key.data());
    return cp::wss::encode_base64(sig);
}

std::string auth_reply_json(uint32_t node_id, std::string_view public_key_b64, std::string_view sig_b64) {
    return R"({"type":"auth_reply","node_id":)" + std::to_string(node_id) + R"(,"public_key":")" +
           std::string(public_key_b64) + R"(","sig":")" + std::string(sig_b64) + R"("})";
}

std::string pubkeys_yaml(std::span<const uint32_t> node_ids) {
    std::string yaml = "# node id: base64 Ed25519 public key (tests/wss/test_keys.cpp identities)\n";
    for (const uint32_t id : node_ids)
        yaml += std::to_string(id) + ": \"" + cp::wss::encode_base64(test_identity(id).public_key) + "\"\n";
    return yaml;
}

}  // namespace pb::test
