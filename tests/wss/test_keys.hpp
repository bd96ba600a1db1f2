// tests/wss/test_keys.hpp — deterministic Ed25519 identities for the WSS
// tests, the test client and the benchmark: node id N always has the same
// key pair (seed = BLAKE2b("pilot-beacon-wss-test:N")), so a pubkeys file
// written by one program matches the keys another signs with.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace pb::test {

struct TestIdentity {
    std::array<uint8_t, 32> public_key{};
    std::array<uint8_t, 64> secret_key{};
};

TestIdentity test_identity(uint32_t node_id);

// base64 of the Ed25519 signature over `compat_auth:<node_id>:<ts>:<nonce>`.
std::string sign_compat_auth(const TestIdentity& identity, uint32_t node_id, int64_t ts, std::string_view nonce);

// The auth_reply text a daemon sends.
std::string auth_reply_json(uint32_t node_id, std::string_view public_key_b64, std::string_view sig_b64);

// A pubkeys file (YAML map node id → base64 key) for these ids.
std::string pubkeys_yaml(std::span<const uint32_t> node_ids);

}  // namespace pb::test
