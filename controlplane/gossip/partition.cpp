// controlplane/gossip/partition.cpp — Sync sizes and parts.
#include "controlplane/gossip/partition.hpp"

#include <algorithm>

#include "common/wire/types.hpp"
#include "controlplane/gossip/sync_codec.hpp"

namespace pb::cp::gossip {

namespace {
constexpr size_t kUdpHeader = 8;
constexpr size_t kIpv4Header = 20;
constexpr size_t kIpv6Header = 40;
constexpr size_t kFixed = wire::kSyncHeaderSize + kTrailerSize;

size_t ip_header(net::Family family) { return family == net::Family::V4 ? kIpv4Header : kIpv6Header; }
}  // namespace

size_t compat_id_limit() { return (wire::kMaxUdpPayload - kFixed) / wire::kIdSize; }

size_t ids_per_part(uint16_t mtu, net::Family family) {
    const size_t overhead = ip_header(family) + kUdpHeader + kFixed;
    return mtu > overhead + wire::kIdSize ? (mtu - overhead) / wire::kIdSize : 1;
}

uint32_t part_count(size_t ids, size_t per_part) {
    return uint32_t(std::max<size_t>(1, (ids + per_part - 1) / per_part));
}

std::span<const uint32_t> part_ids(std::span<const uint32_t> ids, size_t per_part, uint32_t part) {
    const size_t begin = std::min(ids.size(), size_t(part) * per_part);
    return ids.subspan(begin, std::min(per_part, ids.size() - begin));
}

}  // namespace pb::cp::gossip
