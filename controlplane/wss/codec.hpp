// controlplane/wss/codec.hpp — the text encodings of the WSS auth exchange
// (libsodium): standard padded base64 as Go's base64.StdEncoding writes it
// (keys, signatures; CR and LF ignored on decode, as Go does) and lowercase
// hex (the challenge nonce).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pb::cp::wss {

// The decoded bytes, or nullopt when `text` is not valid padded base64.
std::optional<std::vector<uint8_t>> decode_base64(std::string_view text);
std::string encode_base64(std::span<const uint8_t> bytes);
std::string encode_hex(std::span<const uint8_t> bytes);

}  // namespace pb::cp::wss
