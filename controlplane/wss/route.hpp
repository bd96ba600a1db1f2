// controlplane/wss/route.hpp — what the bridge answers an HTTP request, before
// any upgrade (PROTOCOL.md §5; the checks and their order are those of the
// original's WebSocket library, coder/websocket):
//   path (query ignored) == control.wss.path:
//     503 when the upgraded connections reached control.wss.max_peers, then
//     400 below HTTP/1.1, 426 without `Connection: upgrade` or
//     `Upgrade: websocket`, 405 for a method other than GET, 400 for
//     Sec-WebSocket-Version ≠ 13 or a Sec-WebSocket-Key that is not base64 of
//     16 bytes, 403 for an Origin other than pilot://… (no Origin: accepted,
//     daemons send none), else the upgrade, echoing the subprotocol pilot.v1
//     when the client offers it (none offered: upgrade without one);
//   /health: 200 to GET and HEAD, 405 otherwise; anything else 404.
#pragma once

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pb::cp::wss {

inline constexpr std::string_view kSubprotocol = "pilot.v1";
inline constexpr std::string_view kHealthPath = "/health";

// Why a connection did not become a WebSocket (counted per reason).
enum class Refusal : uint8_t {
    NotFound,
    Method,
    NotUpgrade,
    BadUpgrade,
    Origin,
    Capacity,
    BadRequest,      // unparsable request
    HeaderTooLarge,  // request header over 8 KiB
    HeaderTimeout,   // no complete header within 5 s (closed without a response)
    Aborted,         // the client closed before a complete request
    Tls,             // TLS handshake failed
    Handshake,       // the 101 response could not be written
};
inline constexpr size_t kRefusalKinds = size_t(Refusal::Handshake) + 1;
std::string_view refusal_name(Refusal refusal);

using Request = boost::beast::http::request<boost::beast::http::empty_body>;

struct RouteDecision {
    enum class Kind : uint8_t { Upgrade, Health, Refuse } kind = Kind::Refuse;
    boost::beast::http::status status = boost::beast::http::status::not_found;
    Refusal refusal = Refusal::NotFound;
    bool echo_subprotocol = false;
};

RouteDecision route_request(const Request& request, std::string_view upgrade_path, bool at_capacity);

}  // namespace pb::cp::wss
