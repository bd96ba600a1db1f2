// tests/wss/wss_test_client.cpp — a Beast WebSocket client playing a Pilot
// daemon in compat mode, driven line by line by the end-to-end tests
// (tests/integration/wss_harness.py). One connection per process.
//
//   wss_test_client pubkeys FILE ID...     writes a pubkeys file (test identities)
//   wss_test_client session                reads commands on stdin, answers one
//                                          JSON line each on stdout:
//     connect PORT [host=H] [path=P] [origin=O] [protocol=P|-] [tls=CA.pem] [rcvbuf=N]
//         {"ok":true,"status":101,"subprotocol":"pilot.v1"} / {"ok":false,"status":503,"error":…}
//     auth NODE_ID [MODE] [key=ID] [delay=MS]   MODE: good bad_signature bad_base64 zero_node_id
//                                      wrong_type bad_json binary wrong_nonce silent
//         {"challenge":…,"nonce":…,"ts":N,"result":<recv answer>}
//     send HEX [COUNT] | text STRING   {"ok":true,"sent":N} (COUNT copies back to back)
//     recv TIMEOUT_MS                  {"kind":"binary","hex":…} {"kind":"text","text":…}
//                                      {"kind":"closed","code":N,"reason":…,"error":…} {"kind":"timeout"}
//     close                            {"ok":true}
//     quit
#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "controlplane/wss/codec.hpp"
#include "tests/wss/test_keys.hpp"
#include "tests/wss/ws_client.hpp"

namespace {

using namespace pb::test;
namespace json = boost::json;

const std::map<std::string, AuthMode> kModes = {
    {"good", AuthMode::Good},           {"bad_signature", AuthMode::BadSignature}, {"bad_base64", AuthMode::BadBase64},
    {"zero_node_id", AuthMode::ZeroNodeId}, {"wrong_type", AuthMode::WrongType}, {"bad_json", AuthMode::BadJson},
    {"binary", AuthMode::Binary},       {"wrong_nonce", AuthMode::WrongNonce},     {"silent", AuthMode::Silent}};

constexpr Timeout kCommandTimeout{10000};

std::vector<uint8_t> from_hex(const std::string& hex) {
    std::vector<uint8_t> out(hex.size() / 2);
    for (size_t i = 0; i < out.size(); ++i) out[i] = uint8_t(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
    return out;
}

json::object received_json(const Received& r) {
    json::object o;
    switch (r.kind) {
        case Received::Kind::Binary:
            o["kind"] = "binary";
            o["hex"] = pb::cp::wss::encode_hex(r.data);
            break;
        case Received::Kind::Text:
            o["kind"] = "text";
            o["text"] = r.text();
            break;
        case Received::Kind::Closed:
            o["kind"] = "closed";
            o["code"] = r.close_code;
            o["reason"] = r.close_reason;
            o["error"] = r.error;
            break;
        case Received::Kind::Timeout: o["kind"] = "timeout"; break;
        case Received::Kind::Error:
            o["kind"] = "error";
            o["error"] = r.error;
            break;
    }
    return o;
}

// key=value options after the positional words.
std::map<std::string, std::string> options_of(std::istringstream& in) {
    std::map<std::string, std::string> options;
    std::string word;
    while (in >> word) {
        const size_t eq = word.find('=');
        options[word.substr(0, eq)] = eq == std::string::npos ? "" : word.substr(eq + 1);
    }
    return options;
}

class Session {
public:
    json::object run(const std::string& line);

private:
    json::object connect(std::istringstream& in);
    json::object auth(std::istringstream& in);

    boost::asio::io_context io_;
    std::unique_ptr<WsClient> client_;
};

json::object Session::connect(std::istringstream& in) {
    ClientOptions options;
    unsigned port = 0;
    in >> port;
    options.port = uint16_t(port);
    for (const auto& [key, value] : options_of(in)) {
        if (key == "host") options.host = value;
        if (key == "path") options.path = value;
        if (key == "origin") options.origin = value;
        if (key == "protocol") options.subprotocol = value == "-" ? std::nullopt : std::optional(value);
        if (key == "tls") options.tls = true, options.ca_file = value;
        if (key == "rcvbuf") options.receive_buffer = std::stoi(value);
    }
    client_ = make_client(io_, options);
    const UpgradeResult up = client_->connect(kCommandTimeout);
    return {{"ok", up.ok}, {"status", up.status}, {"subprotocol", up.subprotocol}, {"error", up.error}};
}

json::object Session::auth(std::istringstream& in) {
    uint32_t node_id = 0, key_id = 0, delay_ms = 0;
    std::string mode = "good", word;
    in >> node_id;
    while (in >> word) {
        if (word.rfind("key=", 0) == 0)
            key_id = uint32_t(std::stoul(word.substr(4)));
        else if (word.rfind("delay=", 0) == 0)
            delay_ms = uint32_t(std::stoul(word.substr(6)));
        else
            mode = word;
    }
    const auto known = kModes.find(mode);
    if (known == kModes.end()) return {{"error", "unknown auth mode " + mode}};
    const AuthOutcome outcome =
        client_->authenticate(node_id, known->second, kCommandTimeout, key_id, Timeout(delay_ms));
    return {{"challenge", outcome.challenge}, {"nonce", outcome.nonce}, {"ts", outcome.ts},
            {"result", received_json(outcome.result)}};
}

json::object Session::run(const std::string& line) {
    std::istringstream in(line);
    std::string command;
    in >> command;
    if (command == "connect") return connect(in);
    if (!client_) return {{"error", "not connected"}};
    if (command == "auth") return auth(in);
    if (command == "send" || command == "text") {
        std::string payload;
        unsigned count = 1, sent = 0;
        in >> payload >> count;
        const std::vector<uint8_t> bytes = command == "send" ? from_hex(payload) : std::vector<uint8_t>();
        for (unsigned i = 0; i < std::max(count, 1u); ++i) {
            const bool ok = command == "send" ? client_->send_binary(bytes, kCommandTimeout)
                                              : client_->send_text(payload, kCommandTimeout);
            if (!ok) break;
            ++sent;
        }
        return {{"ok", sent == std::max(count, 1u)}, {"sent", sent}};
    }
    if (command == "recv") {
        unsigned timeout_ms = 1000;
        in >> timeout_ms;
        return received_json(client_->recv(Timeout(timeout_ms)));
    }
    if (command == "close") {
        client_->close(Timeout(3000));
        return {{"ok", true}};
    }
    return {{"error", "unknown command " + command}};
}

int write_pubkeys(int argc, char** argv) {
    std::vector<uint32_t> ids;
    for (int i = 3; i < argc; ++i) ids.push_back(uint32_t(std::stoul(argv[i])));
    std::ofstream(argv[2]) << pubkeys_yaml(ids);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "pubkeys" && argc > 2) return write_pubkeys(argc, argv);
    if (mode != "session") {
        std::cerr << "usage: wss_test_client pubkeys FILE ID... | wss_test_client session (commands on stdin)\n";
        return 2;
    }
    Session session;
    std::string line;
    while (std::getline(std::cin, line) && line != "quit") {
        if (line.empty()) continue;
        json::object answer;
        try {
            answer = session.run(line);
        } catch (const std::exception& e) {
            answer = {{"error", e.what()}};
        }
        std::cout << json::serialize(answer) << std::endl;
    }
    return 0;
}
