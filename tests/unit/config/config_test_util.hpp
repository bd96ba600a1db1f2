// tests/unit/config/config_test_util.hpp — shared fixtures of the config
// tests: a minimal valid file, loading with a command line, error matching.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/config/loader.hpp"

namespace pb::config::test {

// A file of the source tree (BEACON_SOURCE_DIR is set by CMakeLists.txt).
inline std::string source_path(std::string_view relative) {
    return std::string(BEACON_SOURCE_DIR) + "/" + std::string(relative);
}

// The smallest valid file: the two required keys.
inline constexpr std::string_view kMinimal =
    "port:\n"
    "  device: net_tap0\n"
    "  ipv4: {address: 10.0.0.1/24}\n";

// The defaults plus what kMinimal sets.
inline Config minimal_config() {
    Config c;
    c.port.device = "net_tap0";
    c.port.ipv4.address = net::IpPrefix::parse("10.0.0.1/24");
    return c;
}

inline ParseResult parse(std::vector<std::string_view> args, const Env& env = {}) {
    return parse_command_line(args, env);
}

// Parses `args` (which must parse) and loads `yaml` with them.
inline LoadResult load_with(std::string_view yaml, std::vector<std::string_view> args, const Env& env = {}) {
    auto parsed = parse(std::move(args), env);
    EXPECT_TRUE(parsed.ok()) << render_errors(parsed.errors, "");
    return load_yaml_text(yaml, parsed.command_line);
}

// Whether `errors` holds exactly this rendered error; lists them all when not.
inline ::testing::AssertionResult has_error(const std::vector<ConfigError>& errors, std::string_view expected) {
    for (const auto& e : errors)
        if (e.to_string() == expected) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "no error \"" << expected << "\" among:\n" << render_errors(errors, "  ");
}

}  // namespace pb::config::test
