// common/config/yaml_tree.hpp — the untyped stage: file -> text -> YAML tree,
// and --set / flag overrides applied onto that tree, so that a key set from
// the command line is decoded and checked exactly like one from the file.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/config/cli.hpp"
#include "common/config/errors.hpp"

namespace pb::config {

// The whole file, or an error "<path>: cannot read: <strerror>".
std::optional<std::string> read_file(const std::string& path, ErrorList& errors);

// The first YAML document of `text` (an empty text is a null node), or an
// error "<source>:<line>:<column>: YAML syntax error: <what>".
std::optional<YAML::Node> parse_yaml(std::string_view text, std::string_view source, ErrorList& errors);

// Sets each override's key in `root`, creating missing maps; a key path
// that runs through a scalar or a list is an error naming the path. Keys set
// here are attributed to their origin in later errors.
void apply_overrides(YAML::Node& root, std::span<const Override> overrides, ErrorList& errors);

}  // namespace pb::config
