// controlplane/appliance.hpp — the lifecycle of one pilot-beacond process:
// EAL, the data port, one Worker per worker lcore with its queue pairs, and
// the main-lcore loop that watches the link and the signals until shutdown.
#pragma once

#include "common/config/config.hpp"

namespace pb::cp {

// Runs the appliance until SIGINT/SIGTERM. Returns the process exit code;
// throws std::runtime_error for bring-up failures (the message names the
// component and the reason).
int run_appliance(const config::Config& cfg, const char* program_name);

}  // namespace pb::cp
