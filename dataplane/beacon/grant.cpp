// dataplane/beacon/grant.cpp — grant token verification.
#include "dataplane/beacon/grant.hpp"

#include <sodium.h>

#include "common/wire/signed_text.hpp"

namespace pb::dp {

bool grant_is_valid(const wire::PunchRequest& request, const tables::PublicKey& target_key, int64_t now_unix_s) {
    const wire::Grant* grant = request.grant();
    if (!grant || now_unix_s > grant->expiry) return false;
    char text[wire::kMaxPunchGrantTextSize];
    const auto signed_text = wire::format_punch_grant(text, request.requester, request.target, grant->expiry);
    if (!signed_text) return false;
    return crypto_sign_verify_detached(grant->signature.data(),
                                       reinterpret_cast<const unsigned char*>(signed_text->data()),
                                       signed_text->size(), target_key.data()) == 0;
}

}  // namespace pb::dp
