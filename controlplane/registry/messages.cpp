// controlplane/registry/messages.cpp — request encoding and strict reply
// parsing with Boost.JSON.
#include "controlplane/registry/messages.hpp"

#include <sodium/utils.h>

#include <optional>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "common/net/ip_address.hpp"

namespace pb::registry {

namespace json = boost::json;

namespace {

Outcome bad(std::string detail) { return Outcome::fail(Failure::BadReply, std::move(detail)); }

// A non-negative integer that fits 32 bits; not a string, not a fraction.
std::optional<uint32_t> as_u32(const json::value* value) {
    if (value == nullptr) return std::nullopt;
    if (value->is_int64() && value->get_int64() >= 0 && value->get_int64() <= 0xffffffffLL)
        return uint32_t(value->get_int64());
    if (value->is_uint64() && value->get_uint64() <= 0xffffffffULL) return uint32_t(value->get_uint64());
    return std::nullopt;
}

std::optional<std::string_view> as_text(const json::value* value) {
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return std::string_view(value->get_string());
}

// The reply as an object of the expected type. An error reply becomes
// `on_error` carrying the registry's text.
Parsed<const json::object*> typed_reply(const json::value& reply, std::string_view expected, Failure on_error) {
    const json::object* object = reply.if_object();
    if (object == nullptr) return {bad("reply is not a JSON object")};
    const auto type = as_text(object->if_contains("type"));
    if (!type) return {bad("reply has no string \"type\"")};
    if (*type == "error") {
        const auto text = as_text(object->if_contains("error"));
        return {Outcome::fail(on_error, text ? std::string(*text) : std::string("(no error text)"))};
    }
    if (*type != expected) return {bad("unexpected reply type \"" + std::string(*type) + "\"")};
    return {{}, object};
}

Parsed<BeaconEntry> parse_entry(const json::value& value) {
    const json::object* entry = value.if_object();
    if (entry == nullptr) return {bad("beacons entry is not an object")};
    const auto id = as_u32(entry->if_contains("id"));
    if (!id) return {bad("beacons entry without a numeric id")};
    const auto addr = as_text(entry->if_contains("addr"));
    if (!addr) return {bad("beacons entry " + std::to_string(*id) + " without a string addr")};
    if (!addr->empty() && !net::HostPort::parse(*addr))
        return {bad("beacons entry " + std::to_string(*id) + ": addr \"" + std::string(*addr) + "\" is not host:port")};
    return {{}, BeaconEntry{*id, std::string(*addr)}};
}

std::optional<PublicKey> decode_public_key(std::string_view base64) {
    PublicKey key{};
    size_t length = 0;
    if (sodium_base642bin(key.data(), key.size(), base64.data(), base64.size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        length != key.size())
        return std::nullopt;
    return key;
}

}  // namespace

std::string register_request(uint32_t beacon_id, std::string_view addr, std::string_view admin_token) {
    json::object request{{"type", "beacon_register"}, {"beacon_id", beacon_id}, {"addr", addr}};
    if (!admin_token.empty()) request["admin_token"] = admin_token;
    return json::serialize(request);
}

std::string list_request() { return json::serialize(json::object{{"type", "beacon_list"}}); }

std::string lookup_request(uint32_t node_id) {
    return json::serialize(json::object{{"type", "lookup"}, {"node_id", node_id}});
}

Outcome parse_register_reply(const json::value& reply, uint32_t beacon_id) {
    auto typed = typed_reply(reply, "beacon_register_ok", Failure::Rejected);
    if (!typed.ok()) return typed.outcome;
    if (const json::value* id = typed.value->if_contains("beacon_id"); id != nullptr && as_u32(id) != beacon_id)
        return bad("beacon_register_ok for beacon_id " + json::serialize(*id) + ", not " + std::to_string(beacon_id));
    return {};
}

Parsed<std::vector<BeaconEntry>> parse_list_reply(const json::value& reply) {
    auto typed = typed_reply(reply, "beacon_list_ok", Failure::Rejected);
    if (!typed.ok()) return {typed.outcome};
    const json::value* beacons = typed.value->if_contains("beacons");
    if (beacons == nullptr || !beacons->is_array()) return {bad("\"beacons\" is not a list")};
    Parsed<std::vector<BeaconEntry>> parsed;
    for (const json::value& value : beacons->get_array()) {
        auto entry = parse_entry(value);
        if (!entry.ok()) return {entry.outcome};
        parsed.value.push_back(std::move(entry.value));
    }
    return parsed;
}

Parsed<PublicKey> parse_lookup_reply(const json::value& reply, uint32_t node_id) {
    auto typed = typed_reply(reply, "lookup_ok", Failure::NotFound);
    if (!typed.ok()) return {typed.outcome};
    if (as_u32(typed.value->if_contains("node_id")) != node_id)
        return {bad("lookup_ok without node_id " + std::to_string(node_id))};
    const auto text = as_text(typed.value->if_contains("public_key"));
    if (!text) return {bad("lookup_ok without a string public_key")};
    const auto key = decode_public_key(*text);
    if (!key) return {Outcome::fail(Failure::BadKey, "public_key is not base64 of 32 bytes")};
    return {{}, *key};
}

}  // namespace pb::registry
