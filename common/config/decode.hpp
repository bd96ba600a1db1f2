// common/config/decode.hpp — YAML tree -> Config, per key: unknown and
// duplicate keys, wrong types, ranges and formats (the rules in schema.cpp).
// Checks that involve several keys are in validate.hpp.
#pragma once

#include <yaml-cpp/yaml.h>

#include "common/config/config.hpp"
#include "common/config/errors.hpp"

namespace pb::config {

// Starts from the defaults and takes every valid key of `root`; each
// problem goes to `errors` and leaves that key at its default.
Config decode(const YAML::Node& root, ErrorList& errors);

}  // namespace pb::config
