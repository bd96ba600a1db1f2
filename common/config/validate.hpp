// common/config/validate.hpp — checks that involve more than one key (or a
// key and a command-line option), run on the decoded Config: required keys,
// gateways inside their prefix, TLS cert and key together, and the host of
// -addr. A check whose inputs already failed to decode is skipped, so one
// mistake gives one error.
#pragma once

#include <optional>
#include <string>

#include "common/config/config.hpp"
#include "common/config/errors.hpp"

namespace pb::config {

// `listen_host` is the host part of the original's -addr flag, when given.
void validate(const Config& config, const std::optional<std::string>& listen_host, ErrorList& errors);

}  // namespace pb::config
