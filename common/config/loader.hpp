// common/config/loader.hpp — the entry point: command line + file +
// environment -> a validated Config, or every problem at once. This is the
// one header pilot-beacond's main() needs:
//
//   auto parsed = pb::config::parse_command_line(argc, argv, pb::config::process_env());
//   if (!parsed.ok()) { std::cerr << pb::config::render_errors(parsed.errors); return 2; }
//   if (parsed.command_line.help) { std::cout << pb::config::usage(); return 0; }
//   auto loaded = pb::config::load(parsed.command_line);
//   if (!loaded.ok()) { std::cerr << pb::config::render_errors(loaded.errors); return 2; }
//   if (parsed.command_line.check) { std::cout << pb::config::to_yaml(loaded.config); return 0; }
#pragma once

#include <string_view>
#include <vector>

#include "common/config/cli.hpp"
#include "common/config/config.hpp"
#include "common/config/dump.hpp"
#include "common/config/errors.hpp"

namespace pb::config {

struct LoadResult {
    Config config;                    // meaningful only when ok()
    std::vector<ConfigError> errors;  // in the order found: file, overrides, keys, cross-key checks
    bool ok() const { return errors.empty(); }
};

// Reads command_line.config_file (if any), applies the overrides, decodes
// and validates. Defaults < file < environment < flags and --set.
LoadResult load(const CommandLine& command_line);

// The same with the file's text given directly (command_line.config_file is
// ignored); `source` names the text in syntax errors.
LoadResult load_yaml_text(std::string_view yaml, const CommandLine& command_line = {},
                          std::string_view source = "<config>");

}  // namespace pb::config
