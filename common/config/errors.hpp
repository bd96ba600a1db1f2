// common/config/errors.hpp — configuration errors: the {key path, message}
// record that every stage (command line, YAML syntax, overrides, decoding,
// cross-key checks) reports, and ErrorList, which gathers all of them so
// that the operator sees every problem at once. ErrorList also remembers
// which command-line option last set a key, so that errors about that key
// say where the value came from.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pb::config {

struct ConfigError {
    std::string path;     // dotted key path ("beacon.port", "beacon.peers[1]"); "" = not about one key
    std::string message;  // "99999 is out of range 1..65535"

    // "beacon.port: 99999 is out of range 1..65535" (just the message when path is "").
    std::string to_string() const;
    friend bool operator==(const ConfigError&, const ConfigError&) = default;
};

// One line per error, each "<prefix><error>\n": what pilot-beacond prints on stderr.
std::string render_errors(std::span<const ConfigError> errors,
                          std::string_view prefix = "pilot-beacond: config: ");

// 'text', the way messages quote a value.
std::string quoted(std::string_view text);

// True when `path` is `prefix` or a key below it ("a.b.c" and "a.b[2]" are below "a.b").
bool path_within(std::string_view path, std::string_view prefix);

class ErrorList {
public:
    // Records an error. When an option (see set_origin) last set `path` or a
    // key above it, the message ends with " (from <option>)".
    void add(std::string path, std::string message);
    // Records an error that `origin` caused, whatever set_origin says.
    void add(std::string path, std::string message, std::string_view origin);

    // From now on values at `path` and below come from `origin` ("-addr", "--set").
    void set_origin(const std::string& path, std::string origin);

    // Whether an error was recorded at `path`, below it or above it: checks
    // that depend on the value there skip then, so one mistake gives one error.
    bool has_error_affecting(std::string_view path) const;
    bool empty() const { return errors_.empty(); }
    std::vector<ConfigError> take() && { return std::move(errors_); }

private:
    std::vector<ConfigError> errors_;
    std::vector<std::pair<std::string, std::string>> origins_;  // {path, origin}, later entries win
};

}  // namespace pb::config
