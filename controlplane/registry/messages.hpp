// controlplane/registry/messages.hpp — the registry's JSON messages
// (PROTOCOL.md §4): the requests this beacon sends and strict parsers for the
// replies. A reply of the wrong shape (wrong type, a number sent as a string,
// beacons not a list, an entry without addr, an addr that is not host:port,
// a key that is not base64 of 32 bytes) is refused as a whole.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "controlplane/registry/outcome.hpp"

namespace pb::registry {

struct BeaconEntry {
    uint32_t id = 0;
    std::string addr;  // "host:port", or "" (the registry knows no address)

    friend bool operator==(const BeaconEntry&, const BeaconEntry&) = default;
};

using PublicKey = std::array<uint8_t, 32>;

template <typename T>
struct Parsed {
    Outcome outcome;
    T value{};
    bool ok() const { return outcome.ok(); }
};

// {"type":"beacon_register","beacon_id":N,"addr":"…"[,"admin_token":"…"]};
// admin_token only when non-empty.
std::string register_request(uint32_t beacon_id, std::string_view addr, std::string_view admin_token);
// {"type":"beacon_list"}
std::string list_request();
// {"type":"lookup","node_id":N}
std::string lookup_request(uint32_t node_id);

// beacon_register_ok (a beacon_id, when present, must be ours); an error
// reply is Failure::Rejected with the registry's text.
Outcome parse_register_reply(const boost::json::value& reply, uint32_t beacon_id);
// beacon_list_ok with every entry checked; error reply: Failure::Rejected.
Parsed<std::vector<BeaconEntry>> parse_list_reply(const boost::json::value& reply);
// lookup_ok for node_id with a decoded 32-byte key; error reply: Failure::NotFound.
Parsed<PublicKey> parse_lookup_reply(const boost::json::value& reply, uint32_t node_id);

}  // namespace pb::registry
