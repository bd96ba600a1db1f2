// controlplane/http/router.cpp — path and method dispatch.
#include "controlplane/http/router.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

namespace pb::cp::http {

namespace {

Response make_response(const Reply& reply, unsigned version, bool keep_alive) {
    Response response{beast_http::status(reply.status), version};
    response.set(beast_http::field::server, "pilot-beacond");
    response.set(beast_http::field::content_type, reply.content_type);
    response.set(beast_http::field::cache_control, "no-store");
    response.keep_alive(keep_alive);
    response.body() = reply.body;
    response.prepare_payload();
    return response;
}

}  // namespace

Response plain_response(unsigned status, std::string body, unsigned version, bool keep_alive) {
    return make_response(Reply{status, std::move(body)}, version, keep_alive);
}

Response Router::respond(const Request& request) const {
    const std::string_view target = request.target();
    const std::string_view path = target.substr(0, target.find('?'));
    const auto route = routes_.find(path);
    if (route == routes_.end()) return plain_response(404, "not found\n", request.version(), request.keep_alive());
    const bool head = request.method() == beast_http::verb::head;
    if (!head && request.method() != beast_http::verb::get) {
        Response response = plain_response(405, "method not allowed\n", request.version(), request.keep_alive());
        response.set(beast_http::field::allow, "GET, HEAD");
        return response;
    }
    Response response = make_response(route->second(), request.version(), request.keep_alive());
    if (head) {
        const std::size_t length = response.body().size();
        response.body().clear();
        response.content_length(length);
    }
    return response;
}

}  // namespace pb::cp::http
