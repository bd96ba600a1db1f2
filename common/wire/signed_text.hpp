// common/wire/signed_text.hpp — the ASCII texts that Ed25519 signatures
// cover (PROTOCOL.md §3 PunchRequest, §5 WSS auth), formatted into a
// caller's buffer without allocating. Numbers are decimal, as Go's %d
// writes them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/wire/result.hpp"

namespace pb::wire {

inline constexpr std::size_t kMaxUint32Chars = 10;  // 4294967295
inline constexpr std::size_t kMaxInt64Chars = 20;   // -9223372036854775808
inline constexpr std::string_view kPunchGrantPrefix = "punch-grant:";
inline constexpr std::string_view kCompatAuthPrefix = "compat_auth:";
// The beacon's WSS challenge nonce: 32 random bytes as hex.
inline constexpr std::size_t kAuthNonceHexSize = 64;

// Buffer sizes that always suffice (the auth text for a kAuthNonceHexSize nonce).
inline constexpr std::size_t kMaxPunchGrantTextSize =
    kPunchGrantPrefix.size() + kMaxUint32Chars + 1 + kMaxUint32Chars + 1 + kMaxInt64Chars;
inline constexpr std::size_t kMaxCompatAuthTextSize =
    kCompatAuthPrefix.size() + kMaxUint32Chars + 1 + kMaxInt64Chars + 1 + kAuthNonceHexSize;

// `punch-grant:<requester_id>:<target_id>:<expiry>`, signed by the target's key.
// Returns the text inside `out`, or BufferTooSmall.
Result<std::string_view> format_punch_grant(std::span<char> out, uint32_t requester, uint32_t target,
                                            int64_t expiry);

// `compat_auth:<node_id>:<ts>:<nonce>`, signed by the WSS peer's key; ts and
// nonce exactly as the challenge sent them. Returns the text inside `out`,
// or BufferTooSmall.
Result<std::string_view> format_compat_auth(std::span<char> out, uint32_t node_id, int64_t timestamp,
                                            std::string_view nonce);

}  // namespace pb::wire
