// controlplane/appliance.hpp — one pilot-beacond process: EAL, the
// dataplane, the control plane and its services, in bring-up order.
#pragma once

#include <functional>

#include "common/config/config.hpp"

namespace pb::cp {

// Reloads the configuration for SIGHUP; false when it is invalid (the
// function has reported why).
using ConfigSource = std::function<bool(config::Config&)>;

// Runs the appliance until it stops. Returns the process exit code; throws
// std::runtime_error for bring-up failures (the message names the component
// and the reason).
int run_appliance(const config::Config& cfg, const char* program_name, ConfigSource reload_source);

}  // namespace pb::cp
