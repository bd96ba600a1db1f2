// controlplane/wss/route.cpp — the pre-upgrade routing decision.
#include "controlplane/wss/route.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/rfc7230.hpp>

#include <algorithm>
#include <array>
#include <cctype>

#include "controlplane/wss/codec.hpp"

namespace pb::cp::wss {

namespace http = boost::beast::http;

std::string_view refusal_name(Refusal refusal) {
    constexpr std::array<std::string_view, kRefusalKinds> names = {
        "not_found",   "method",           "not_upgrade",    "bad_upgrade", "origin", "capacity",
        "bad_request", "header_too_large", "header_timeout", "aborted",     "tls",    "handshake"};
    return names[size_t(refusal)];
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Whether a comma-separated header (every occurrence) holds `token`.
bool has_token(const Request& request, http::field field, std::string_view token) {
    for (auto [it, end] = request.equal_range(field); it != end; ++it) {
        for (const auto element : http::token_list(it->value()))
            if (iequals(element, token)) return true;
    }
    return false;
}

bool valid_key(std::string_view key) {
    const auto bytes = decode_base64(key);
    return bytes && bytes->size() == 16;
}

bool origin_allowed(const Request& request) {
    const auto origin = request.find(http::field::origin);
    if (origin == request.end()) return true;
    constexpr std::string_view kScheme = "pilot://";
    const std::string_view value = origin->value();
    return value.size() > kScheme.size() && iequals(value.substr(0, kScheme.size()), kScheme);
}

RouteDecision refuse(http::status status, Refusal refusal) { return {RouteDecision::Kind::Refuse, status, refusal}; }

RouteDecision route_upgrade(const Request& request, bool at_capacity) {
    if (at_capacity) return refuse(http::status::service_unavailable, Refusal::Capacity);
    if (request.version() < 11) return refuse(http::status::bad_request, Refusal::BadUpgrade);
    if (!has_token(request, http::field::connection, "upgrade") || !has_token(request, http::field::upgrade, "websocket"))
        return refuse(http::status::upgrade_required, Refusal::NotUpgrade);
    if (request.method() != http::verb::get) return refuse(http::status::method_not_allowed, Refusal::Method);
    if (request[http::field::sec_websocket_version] != "13" || !valid_key(request[http::field::sec_websocket_key]))
        return refuse(http::status::bad_request, Refusal::BadUpgrade);
    if (!origin_allowed(request)) return refuse(http::status::forbidden, Refusal::Origin);
    RouteDecision upgrade{RouteDecision::Kind::Upgrade, http::status::switching_protocols, Refusal::NotFound};
    upgrade.echo_subprotocol = has_token(request, http::field::sec_websocket_protocol, kSubprotocol);
    return upgrade;
}

}  // namespace

RouteDecision route_request(const Request& request, std::string_view upgrade_path, bool at_capacity) {
    std::string_view path = request.target();
    path = path.substr(0, path.find('?'));
    if (path == upgrade_path) return route_upgrade(request, at_capacity);
    if (path != kHealthPath) return refuse(http::status::not_found, Refusal::NotFound);
    if (request.method() == http::verb::get || request.method() == http::verb::head)
        return {RouteDecision::Kind::Health, http::status::ok, Refusal::NotFound};
    return refuse(http::status::method_not_allowed, Refusal::Method);
}

}  // namespace pb::cp::wss
