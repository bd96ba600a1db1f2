// common/config/cli.hpp — the command line of pilot-beacond: the original
// beacon's Go-style flags (one or two dashes, -flag value or -flag=value),
// --set, --check, --help, --version, and the BEACON_PUNCH_WHITELIST
// environment variable. Parsing only turns them into key-path overrides;
// loader.hpp applies and validates them together with the file.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/errors.hpp"

namespace pb::config {

// How an override's text becomes a YAML value.
enum class ValueKind {
    Yaml,    // --set: parsed as YAML ("[a, b]" is a list, "true" a bool)
    Scalar,  // flags: the text verbatim
    List,    // -peers, -punch-whitelist: comma-separated, blanks trimmed, empties dropped
};

// One key set from outside the file. Applied in order, later ones winning.
struct Override {
    std::string path;    // dotted key path ("beacon.port")
    std::string value;
    ValueKind kind = ValueKind::Yaml;
    std::string origin;  // named in errors: "--set", "-addr", "env BEACON_PUNCH_WHITELIST"

    friend bool operator==(const Override&, const Override&) = default;
};

struct CommandLine {
    std::optional<std::string> config_file;  // -config
    std::vector<Override> overrides;         // environment first, then flags and --set in command-line order
    std::optional<std::string> listen_host;  // host part of the last -addr ("" for ":PORT")
    bool check = false;                      // --check: validate, print the effective config, exit 0
    bool help = false;                       // --help / -h
    bool version = false;                    // --version
};

struct ParseResult {
    CommandLine command_line;
    std::vector<ConfigError> errors;  // unknown flags, missing values, bad syntax
    bool ok() const { return errors.empty(); }
};

// Environment variables the command line reads, by name.
using Env = std::map<std::string, std::string, std::less<>>;
inline constexpr std::string_view kPunchWhitelistEnv = "BEACON_PUNCH_WHITELIST";
// The variables above, as this process sees them.
Env process_env();

// `args` excludes argv[0].
ParseResult parse_command_line(std::span<const std::string_view> args, const Env& env);
ParseResult parse_command_line(int argc, const char* const* argv, const Env& env);

// The --help text.
std::string usage();

}  // namespace pb::config
