// controlplane/wss/keys.hpp — where the bridge finds a node's Ed25519 public
// key (PROTOCOL.md §5, ARCHITECTURE.md §7): control.wss.pubkeys_file first
// (a YAML map node id → base64 key, for closed deployments and tests), then
// the registry's lookup when one is configured (the registry client caches
// its answers, positive and negative). Answers always arrive later, on the
// io_context's thread, never inside lookup() itself.
#pragma once

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "controlplane/wss/auth.hpp"

namespace pb::cp::wss {

enum class KeyStatus : uint8_t {
    Found,
    Unknown,  // no source knows the id
    Failed,   // a source could not answer (registry unreachable, busy…)
};

struct KeyAnswer {
    KeyStatus status = KeyStatus::Unknown;
    PublicKey key{};
};

using KeyCallback = std::function<void(const KeyAnswer&)>;
// A remote source (the registry); empty = none.
using RemoteLookup = std::function<void(uint32_t node_id, KeyCallback done)>;

class KeySource {
public:
    virtual ~KeySource() = default;
    virtual void lookup(uint32_t node_id, KeyCallback done) = 0;
};

using PubkeyMap = std::unordered_map<uint32_t, PublicKey>;

// The YAML text of a pubkeys file; throws std::runtime_error naming `origin`,
// the entry and the problem (id 0 or not a uint32, key not base64 of 32 bytes).
PubkeyMap parse_pubkeys(std::string_view yaml_text, const std::string& origin);
// Reads and parses `path`; "" = no file (an empty map).
PubkeyMap load_pubkeys_file(const std::string& path);

class KeyDirectory final : public KeySource {
public:
    KeyDirectory(boost::asio::io_context& io, PubkeyMap file_keys, RemoteLookup remote)
        : io_(io), file_keys_(std::move(file_keys)), remote_(std::move(remote)) {}

    void set_file_keys(PubkeyMap keys) { file_keys_ = std::move(keys); }
    size_t file_key_count() const { return file_keys_.size(); }
    void lookup(uint32_t node_id, KeyCallback done) override;

private:
    boost::asio::io_context& io_;
    PubkeyMap file_keys_;
    RemoteLookup remote_;
};

}  // namespace pb::cp::wss
