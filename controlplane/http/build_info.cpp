// controlplane/http/build_info.cpp — the process's start time.
#include "controlplane/http/build_info.hpp"

#include <chrono>

namespace pb::cp {

namespace {
const auto process_start = std::chrono::steady_clock::now();
}  // namespace

double uptime_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - process_start).count();
}

}  // namespace pb::cp
