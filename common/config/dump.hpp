// common/config/dump.hpp — the effective configuration as YAML (--check).
#pragma once

#include <string>

#include "common/config/config.hpp"

namespace pb::config {

// Every key, in schema order, strings double-quoted. Loading the result
// gives back an equal Config.
std::string to_yaml(const Config& config);

}  // namespace pb::config
