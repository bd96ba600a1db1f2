// controlplane/wss/auth.hpp — the WSS Ed25519 challenge (PROTOCOL.md §5),
// without sockets: the challenge the beacon sends, the daemon's reply parsed
// the way the original's encoding/json reads it, and the verification of the
// signature over `compat_auth:<node_id>:<ts>:<nonce>` against the key the
// beacon looked up (the key in the reply is never trusted).
//
// Failure classes, in the order the original checks them: a non-text reply,
// bad JSON (including a field of the wrong JSON type, a node_id that is not a
// uint32), type ≠ auth_reply, node_id 0, unknown node (the key lookup), bad
// base64, a challenge older than 30 s, a signature that does not verify.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pb::cp::wss {

using PublicKey = std::array<uint8_t, 32>;

enum class AuthFailure : uint8_t {
    Timeout,         // no valid reply within control.wss.auth_timeout_s
    Closed,          // the connection ended before a reply
    TooLarge,        // the reply exceeded control.wss.max_frame_bytes
    NotText,
    BadJson,
    WrongType,
    ZeroNodeId,
    UnknownNode,     // no key for the id (pubkeys_file, registry)
    LookupFailed,    // the registry could not be asked
    BadBase64,
    StaleChallenge,  // older than Settings::challenge_max_age_s when the reply is verified
    BadSignature,
    TableFull,       // authenticated, but the tier-0 table is full
};
inline constexpr size_t kAuthFailureKinds = size_t(AuthFailure::TableFull) + 1;
std::string_view auth_failure_name(AuthFailure failure);

struct Challenge {
    std::string nonce;  // 64 lowercase hex characters: 32 bytes from randombytes_buf
    int64_t ts = 0;     // Unix seconds when sent

    static Challenge generate(int64_t now_unix_s);
    // {"type":"auth_challenge","nonce":"…","ts":N}
    std::string json() const;
};

// {"type":"auth_ok"}
std::string_view auth_ok_json();

struct AuthReply {
    uint32_t node_id = 0;
    std::string sig;  // base64, not yet decoded
};

struct ParsedReply {
    std::optional<AuthFailure> failure;  // set: rejected (BadJson, WrongType or ZeroNodeId)
    AuthReply reply;
};

// The text of an auth_reply frame.
ParsedReply parse_auth_reply(std::string_view text);

// nullopt: the reply authenticates reply.node_id. `key` is the looked-up key.
std::optional<AuthFailure> verify_auth_reply(const AuthReply& reply, const Challenge& challenge, const PublicKey& key,
                                             int64_t now_unix_s, int64_t max_age_s);

}  // namespace pb::cp::wss
