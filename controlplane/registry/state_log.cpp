// controlplane/registry/state_log.cpp — state-change logging.
#include "controlplane/registry/state_log.hpp"

#include <utility>

#include "common/log/log.hpp"

namespace pb::registry {

void StateLog::note(const Outcome& outcome, const std::string& registry) {
    const std::string reason(failure_name(outcome.failure));
    const uint64_t failed_attempts = std::exchange(failures_since_ok_, outcome.ok() ? 0 : failures_since_ok_ + 1);
    if (state_ == outcome.failure) {
        ++repeats_;
        log::debug("registry", what_ + (outcome.ok() ? " ok" : " still failing"),
                   {{"registry", registry}, {"reason", reason}, {"detail", outcome.detail}, {"repeats", repeats_}});
        return;
    }
    if (outcome.ok())
        log::info("registry", what_ + " ok", {{"registry", registry}, {"after_failed_attempts", failed_attempts}});
    else
        log::warn("registry", what_ + " failing",
                  {{"registry", registry}, {"reason", reason}, {"detail", outcome.detail}});
    state_ = outcome.failure;
    repeats_ = 0;
}

}  // namespace pb::registry
