// controlplane/registry/state_log.hpp — logging that follows the state of
// a repeated operation, not each attempt: one line when it starts failing
// (or fails for another reason), one when it works again; attempts that
// repeat the current state go to debug. A registry that stays down for
// hours therefore writes two lines, not one per retry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "controlplane/registry/outcome.hpp"

namespace pb::registry {

class StateLog {
public:
    // `what` names the operation in the lines: "registration", "key lookup".
    explicit StateLog(std::string what) : what_(std::move(what)) {}

    void note(const Outcome& outcome, const std::string& registry);

private:
    std::string what_;
    std::optional<Failure> state_;  // nothing noted yet
    uint64_t repeats_ = 0;          // attempts in the current state
    uint64_t failures_since_ok_ = 0;
};

}  // namespace pb::registry
