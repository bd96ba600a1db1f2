// controlplane/wss/keys.cpp — the pubkeys file (yaml-cpp) and the lookup
// order: file, then remote.
#include "controlplane/wss/keys.hpp"

#include <yaml-cpp/yaml.h>

#include <boost/asio/post.hpp>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "controlplane/wss/codec.hpp"

namespace pb::cp::wss {

namespace {

uint32_t node_id_of(const YAML::Node& key, const std::string& origin) {
    const std::string text = key.Scalar();
    size_t used = 0;
    unsigned long long id = 0;
    try {
        id = std::stoull(text, &used, 10);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || text[0] == '-' || id == 0 || id > UINT32_MAX)
        throw std::runtime_error(origin + ": '" + text + "' is not a node id (1..4294967295)");
    return uint32_t(id);
}

PublicKey key_of(const YAML::Node& value, uint32_t id, const std::string& origin) {
    const auto bytes = value.IsScalar() ? decode_base64(value.Scalar()) : std::nullopt;
    PublicKey key;
    if (!bytes || bytes->size() != key.size())
        throw std::runtime_error(origin + ": node " + std::to_string(id) +
                                 ": the key is not base64 of 32 bytes (an Ed25519 public key)");
    std::memcpy(key.data(), bytes->data(), key.size());
    return key;
}

}  // namespace

PubkeyMap parse_pubkeys(std::string_view yaml_text, const std::string& origin) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml_text));
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(origin + ": not YAML: " + e.msg);
    }
    PubkeyMap keys;
    if (root.IsNull()) return keys;
    if (!root.IsMap()) throw std::runtime_error(origin + ": expected a map of node id to base64 public key");
    for (const auto& entry : root) {
        const uint32_t id = node_id_of(entry.first, origin);
        if (!keys.emplace(id, key_of(entry.second, id, origin)).second)
            throw std::runtime_error(origin + ": node " + std::to_string(id) + " appears twice");
    }
    return keys;
}

PubkeyMap load_pubkeys_file(const std::string& path) {
    if (path.empty()) return {};
    const std::string origin = "control.wss.pubkeys_file: " + path;
    std::ifstream in(path);
    if (!in) throw std::runtime_error(origin + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return parse_pubkeys(text.str(), origin);
}

void KeyDirectory::lookup(uint32_t node_id, KeyCallback done) {
    if (const auto it = file_keys_.find(node_id); it != file_keys_.end()) {
        boost::asio::post(io_, [done = std::move(done), key = it->second] { done({KeyStatus::Found, key}); });
    } else if (remote_) {
        // Deferred even when the remote source answers at once.
        remote_(node_id, [&io = io_, done = std::move(done)](const KeyAnswer& answer) {
            boost::asio::post(io, [done, answer] { done(answer); });
        });
    } else {
        boost::asio::post(io_, [done = std::move(done)] { done({KeyStatus::Unknown, {}}); });
    }
}

}  // namespace pb::cp::wss
