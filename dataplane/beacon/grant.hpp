// dataplane/beacon/grant.hpp — punch grant tokens (PROTOCOL.md §3
// PunchRequest step 3): Ed25519 over `punch-grant:<requester>:<target>:<expiry>`
// with the target's key, verified with libsodium. Rare by construction (the
// punch path is limited to 10/s), so the ~50 µs verification is affordable.
#pragma once

#include <cstdint>

#include "common/tables/node_table.hpp"
#include "common/wire/punch_request.hpp"

namespace pb::dp {

// True when the request carries a complete, unexpired grant signed by
// `target_key`.
bool grant_is_valid(const wire::PunchRequest& request, const tables::PublicKey& target_key, int64_t now_unix_s);

}  // namespace pb::dp
