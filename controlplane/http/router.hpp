// controlplane/http/router.hpp — maps a request's path to the handler that
// builds the answer. GET and HEAD only (HEAD: GET's headers, no body);
// another method on a known path is 405, an unknown path 404.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace pb::cp::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;

inline constexpr std::string_view kTextPlain = "text/plain; charset=utf-8";
inline constexpr std::string_view kJson = "application/json";
inline constexpr std::string_view kPrometheusText = "text/plain; version=0.0.4; charset=utf-8";

struct Reply {
    unsigned status = 200;
    std::string body;
    std::string_view content_type = kTextPlain;
};

class Router {
public:
    using Handler = std::function<Reply()>;

    // `path` without a query string ("/metrics"); a query is ignored.
    void get(std::string path, Handler handler) { routes_[std::move(path)] = std::move(handler); }
    Response respond(const Request& request) const;

private:
    std::map<std::string, Handler, std::less<>> routes_;
};

// A plain-text answer outside the routes (400, 413, 431 …).
Response plain_response(unsigned status, std::string body, unsigned version, bool keep_alive);

}  // namespace pb::cp::http
