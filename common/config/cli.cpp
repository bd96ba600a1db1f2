// common/config/cli.cpp — the flag table, Go flag-package parsing rules and
// the --help text.
#include "common/config/cli.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

#include "common/net/ip_address.hpp"

namespace pb::config {

namespace {

enum class Action { Key, Addr, ConfigFile, Set, Check, Help, Version };

struct Flag {
    std::string_view name;
    std::string_view arg = "";   // placeholder in usage; "" = boolean flag
    std::string_view key = "";   // the key path it sets (Action::Key, Action::Addr)
    std::string_view help = "";  // "" = not listed in usage
    Action action = Action::Key;
    ValueKind kind = ValueKind::Scalar;
};

// The original beacon's flags first, then ours (shown with two dashes).
constexpr std::array kFlags{
    Flag{.name = "config", .arg = "FILE", .help = "YAML configuration file (JSON is YAML too)",
         .action = Action::ConfigFile},
    Flag{.name = "addr", .arg = "HOST:PORT", .key = "beacon.port",
         .help = "UDP listen address: :PORT, or HOST:PORT with HOST an address of the data port",
         .action = Action::Addr},
    Flag{.name = "beacon-id", .arg = "N", .key = "beacon.beacon_id", .help = "beacon id, 0 = standalone"},
    Flag{.name = "peers", .arg = "LIST", .key = "beacon.peers", .help = "comma-separated HOST:PORT of peer beacons",
         .kind = ValueKind::List},
    Flag{.name = "health", .arg = "ADDR", .key = "control.health", .help = "health/metrics HTTP listen address"},
    Flag{.name = "registry", .arg = "ADDR", .key = "control.registry", .help = "registry HOST:PORT"},
    Flag{.name = "registry-admin-token", .arg = "TOKEN", .key = "control.registry_admin_token",
         .help = "admin token for beacon_register"},
    Flag{.name = "advertise-addr", .arg = "ADDR", .key = "control.advertise_addr",
         .help = "HOST:PORT announced to the registry"},
    Flag{.name = "log-level", .arg = "LEVEL", .key = "log.level", .help = "debug, info, warn or error"},
    Flag{.name = "log-format", .arg = "FORMAT", .key = "log.format", .help = "text or json"},
    Flag{.name = "punch-whitelist", .arg = "LIST", .key = "beacon.punch_whitelist",
         .help = "comma-separated IPs exempt from punch limits, or * (env BEACON_PUNCH_WHITELIST)",
         .kind = ValueKind::List},
    Flag{.name = "require-punch-token", .key = "beacon.require_punch_token",
         .help = "PunchRequest must carry a valid grant"},
    Flag{.name = "set", .arg = "KEY.PATH=VALUE", .help = "set one key; VALUE is YAML (repeatable)",
         .action = Action::Set, .kind = ValueKind::Yaml},
    Flag{.name = "check", .help = "validate, print the effective config as YAML, exit", .action = Action::Check},
    Flag{.name = "help", .help = "print this help and exit", .action = Action::Help},
    Flag{.name = "h", .action = Action::Help},
    Flag{.name = "version", .help = "print the version and exit", .action = Action::Version},
};
constexpr std::string_view kFirstOwnFlag = "set";

const Flag* find_flag(std::string_view name) {
    auto it = std::find_if(kFlags.begin(), kFlags.end(), [&](const Flag& f) { return f.name == name; });
    return it == kFlags.end() ? nullptr : &*it;
}

// strconv.ParseBool, which Go's bool flags use.
std::optional<bool> parse_go_bool(std::string_view v) {
    for (std::string_view t : {"1", "t", "T", "TRUE", "true", "True"})
        if (v == t) return true;
    for (std::string_view f : {"0", "f", "F", "FALSE", "false", "False"})
        if (v == f) return false;
    return std::nullopt;
}

class Parser {
public:
    explicit Parser(ParseResult& result) : result_(result), cmd_(result.command_line) {}

    bool saw(std::string_view name) const { return std::find(seen_.begin(), seen_.end(), name) != seen_.end(); }

    void parse(std::span<const std::string_view> args) {
        for (size_t i = 0; i < args.size(); ++i) {
            std::string_view arg = args[i];
            if (arg == "--") {
                for (++i; i < args.size(); ++i) unexpected(args[i]);
                break;
            }
            if (arg.size() < 2 || arg[0] != '-') {
                unexpected(arg);
                continue;
            }
            std::string_view name = arg.substr(arg[1] == '-' ? 2 : 1);
            if (name.empty() || name[0] == '-' || name[0] == '=') {
                error("", "bad flag syntax: " + std::string(arg));
                continue;
            }
            std::optional<std::string_view> value;
            if (auto eq = name.find('='); eq != std::string_view::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            const Flag* flag = find_flag(name);
            if (!flag) {
                error("", "flag provided but not defined: -" + std::string(name));
                continue;
            }
            if (!flag->arg.empty() && !value) {  // a flag with a value takes the next argument, whatever it is
                if (i + 1 == args.size()) {
                    error(flag->key, "flag needs an argument: -" + std::string(name));
                    continue;
                }
                value = args[++i];
            }
            apply(*flag, value);
        }
    }

private:
    void error(std::string_view path, std::string message) {
        result_.errors.push_back({std::string(path), std::move(message)});
    }

    void unexpected(std::string_view arg) {
        error("", "unexpected argument " + quoted(arg) + ": pilot-beacond takes flags only");
    }

    void set_key(const Flag& flag, std::string value) {
        cmd_.overrides.push_back({std::string(flag.key), std::move(value), flag.kind, "-" + std::string(flag.name)});
    }

    // `value` is the flag's argument, or for a boolean flag its optional "=value".
    void apply(const Flag& flag, std::optional<std::string_view> value) {
        seen_.push_back(flag.name);
        std::string text(value.value_or(""));
        bool on = true;
        if (flag.arg.empty() && value) {
            auto parsed = parse_go_bool(*value);
            if (!parsed) return error(flag.key, "invalid boolean value " + quoted(text) + " for -" + std::string(flag.name));
            on = *parsed;
        }
        switch (flag.action) {
            case Action::Key: return set_key(flag, flag.arg.empty() ? (on ? "true" : "false") : text);
            case Action::Addr: return set_addr(flag, text);
            case Action::ConfigFile: cmd_.config_file = text; return;
            case Action::Set: return set_yaml(flag, text);
            case Action::Check: cmd_.check = on; return;
            case Action::Help: cmd_.help = on; return;
            case Action::Version: cmd_.version = on; return;
        }
    }

    // -addr HOST:PORT, [IPv6]:PORT or :PORT. The port goes to beacon.port;
    // the host is checked against the data port's addresses after loading.
    void set_addr(const Flag& flag, const std::string& text) {
        auto hp = net::HostPort::parse(text);
        if (!hp)
            return error(flag.key, "invalid value " + quoted(text) + " for -" + std::string(flag.name) +
                                       ": expected HOST:PORT, [IPv6]:PORT or :PORT with PORT 1..65535");
        set_key(flag, std::to_string(hp->port));
        cmd_.listen_host = hp->host;
    }

    // --set key.path=value: splits at the first '=' (device strings contain more).
    void set_yaml(const Flag& flag, const std::string& text) {
        auto eq = text.find('=');
        if (eq == std::string::npos || eq == 0)
            return error("", "invalid value " + quoted(text) + " for --" + std::string(flag.name) +
                                 ": expected KEY.PATH=VALUE");
        cmd_.overrides.push_back({text.substr(0, eq), text.substr(eq + 1), flag.kind, "--" + std::string(flag.name)});
    }

    ParseResult& result_;
    CommandLine& cmd_;
    std::vector<std::string_view> seen_;  // flags given, valid or not
};

}  // namespace

Env process_env() {
    Env env;
    if (const char* v = std::getenv(std::string(kPunchWhitelistEnv).c_str())) env.emplace(kPunchWhitelistEnv, v);
    return env;
}

ParseResult parse_command_line(std::span<const std::string_view> args, const Env& env) {
    ParseResult result;
    Parser parser(result);
    parser.parse(args);
    // The environment ranks below every flag: it goes first, and only where the flag is absent.
    auto& overrides = result.command_line.overrides;
    auto it = env.find(kPunchWhitelistEnv);
    if (!parser.saw("punch-whitelist") && it != env.end() && !it->second.empty())
        overrides.insert(overrides.begin(), Override{"beacon.punch_whitelist", it->second, ValueKind::List,
                                                     "env " + std::string(kPunchWhitelistEnv)});
    return result;
}

ParseResult parse_command_line(int argc, const char* const* argv, const Env& env) {
    std::vector<std::string_view> args(argv + std::min(argc, 1), argv + argc);
    return parse_command_line(args, env);
}

std::string usage() {
    std::string out =
        "usage: pilot-beacond [flags]\n\n"
        "Flags take one or two dashes, and a value as -flag VALUE or -flag=VALUE;\n"
        "boolean flags as -flag or -flag=true|false.\n\n"
        "Flags of the original beacon (each sets the key in brackets):\n";
    const Flag* first_own = find_flag(kFirstOwnFlag);
    for (const Flag& f : kFlags) {
        if (f.help.empty()) continue;
        if (&f == first_own) out += "\npilot-beacond's own:\n";
        std::string left = (&f >= first_own ? "  --" : "  -") + std::string(f.name) + (f.arg.empty() ? "" : " " + std::string(f.arg));
        left.resize(std::max<size_t>(left.size() + 1, 32), ' ');
        out += left + std::string(f.help) + (f.key.empty() ? "" : " [" + std::string(f.key) + "]") + "\n";
    }
    out +=
        "\nPrecedence: built-in defaults < config file < BEACON_PUNCH_WHITELIST <\n"
        "flags and --set, in command-line order. Every key: docs/config.md.\n";
    return out;
}

}  // namespace pb::config
