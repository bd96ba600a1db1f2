// controlplane/http/build_info.hpp — the version operators see (/status,
// /metrics' build_info, telemetry) and the process's uptime.
#pragma once

#include <string_view>

#ifndef PB_VERSION
#error "PB_VERSION is set by controlplane/http/CMakeLists.txt"
#endif

namespace pb::cp {

inline constexpr std::string_view kVersionNumber = PB_VERSION;
inline constexpr std::string_view kVersion = "pilot-beacond " PB_VERSION;

// Seconds since the process started (steady clock, taken at static
// initialisation).
double uptime_seconds();

}  // namespace pb::cp
