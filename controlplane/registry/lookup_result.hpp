// controlplane/registry/lookup_result.hpp — the answer to a public-key
// lookup: found (with the key), unknown to the registry, or failed (the
// registry could not be asked or answered nonsense), and whether it came
// from the cache.
#pragma once

#include "controlplane/registry/messages.hpp"
#include "controlplane/registry/outcome.hpp"

namespace pb::registry {

enum class LookupStatus : uint8_t { Found, Unknown, Failed };

struct LookupResult {
    LookupStatus status = LookupStatus::Failed;
    PublicKey key{};                 // when Found
    Failure reason = Failure::None;  // when not Found: NotFound, BadKey, Timeout, …
    bool cached = false;
};

}  // namespace pb::registry
