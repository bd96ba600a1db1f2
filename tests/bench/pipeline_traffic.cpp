// tests/bench/pipeline_traffic.cpp — frame templates, per-frame rebuild and
// answer checks of the pipeline benchmark.
#include "tests/bench/pipeline_traffic.hpp"

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_memcpy.h>
#include <rte_udp.h>

#include <algorithm>
#include <span>
#include <stdexcept>

#include "common/wire/discover.hpp"
#include "common/wire/encode.hpp"
#include "common/wire/relay.hpp"

namespace pb::bench {

namespace {

using W = dp::WorkerCounters;

constexpr uint16_t kL2 = sizeof(rte_ether_hdr);
constexpr uint16_t kL3 = sizeof(rte_ipv4_hdr);
constexpr uint16_t kMessageOffset = kL2 + kL3 + sizeof(rte_udp_hdr);
constexpr uint16_t kMinFrame = 60;    // Ethernet minimum without FCS
constexpr uint16_t kCopyLimit = 128;  // bytes rebuilt per frame; the beacon writes only in front of this
constexpr uint8_t kUnknownType = 0x42;
constexpr uint32_t kRelaySourceBase = 0xc6120000;  // 198.18.0.0/15, the benchmarking range
constexpr uint16_t kRelaySourcePort = 40000;

uint16_t payload_of(FrameKind kind) {
    switch (kind) {
        case FrameKind::RelayHit1024: return 1024;
        case FrameKind::RelayHit64:
        case FrameKind::RelayNotFound:
        case FrameKind::BadChecksum: return 64;
        default: return 0;
    }
}

// Encodes `message` at the start of `out`; the sizes are fixed, so failure is a bug here.
template <class Message>
size_t encode_into(std::span<uint8_t> out, const Message& message) {
    const auto written = wire::encode(out, message);
    if (!written) throw std::logic_error("bench frame does not encode");
    return *written;
}

}  // namespace

const KindSpec& spec_of(FrameKind kind) {
    static const std::array<KindSpec, kFrameKinds> specs = {{
        {"discover", true, {&W::discover_received, &W::discover_replied}},
        {"relay-hit-64", true, {&W::relay_received, &W::relay_forwarded_local}},
        {"relay-hit-1024", true, {&W::relay_received, &W::relay_forwarded_local}},
        {"relay-not-found", false, {&W::relay_received, &W::relay_not_found}},
        {"relay-truncated", false, {&W::relay_received, &W::relay_malformed}},
        {"unknown-type", false, {&W::beacon_unknown_type}},
        {"bad-checksum", false, {&W::udp_bad_checksum}},
    }};
    return specs[size_t(kind)];
}

uint32_t Mix::total() const {
    uint32_t sum = 0;
    for (const auto& [kind, weight] : weights) sum += weight;
    return sum;
}

TrafficSource::TrafficSource(const Population& population, const TrafficSetup& setup)
    : population_(population), setup_(setup), rng_(setup.seed), pattern_(kMaxFrame) {
    if (setup.relay_sources == 0 || setup.relay_sources > (1u << 20))
        throw std::invalid_argument("relay sources must be between 1 and 2^20");
    for (size_t i = 0; i < pattern_.size(); ++i) pattern_[i] = uint8_t(i * 131 + 7);
    for (size_t k = 0; k < kFrameKinds; ++k) templates_[k] = make_template(FrameKind(k));
}

TrafficSource::Template TrafficSource::make_template(FrameKind kind) const {
    Template t;
    t.bytes = pattern_;
    const std::span<uint8_t> message(t.bytes.data() + kMessageOffset, kMaxFrame - kMessageOffset);
    size_t message_len = 0;
    switch (kind) {
        case FrameKind::Discover:
            message_len = encode_into(message, wire::Discover{.id = 0, .public_key = wire::PublicKeyView(Population::kNodeKey)});
            t.head_len = uint16_t(message_len);
            break;
        case FrameKind::RelayTruncated:
            encode_into(message, wire::Relay{});
            message_len = 4;  // the type byte and 3 of the 8 id bytes
            break;
        case FrameKind::UnknownType:
            message[0] = kUnknownType;
            message_len = wire::kRelayHeaderSize;
            break;
        default: {
            const std::span<const uint8_t> payload(pattern_.data() + kMessageOffset + wire::kRelayHeaderSize,
                                                   payload_of(kind));
            message_len = encode_into(message, wire::Relay{.sender = 0, .dest = 0, .payload = payload});
            t.head_len = uint16_t(wire::kRelayHeaderSize);
        }
    }
    t.udp_len = uint16_t(sizeof(rte_udp_hdr) + message_len);
    t.frame_len = std::max<uint16_t>(kMinFrame, uint16_t(kMessageOffset + message_len));
    std::fill(t.bytes.begin() + kMessageOffset + long(message_len), t.bytes.begin() + t.frame_len, 0);  // padding
    t.copy_len = std::min(t.frame_len, kCopyLimit);
    t.summed_len = std::min<uint16_t>(t.udp_len, uint16_t(sizeof(rte_udp_hdr) + (t.head_len + 1) / 2 * 2));

    auto* eth = reinterpret_cast<rte_ether_hdr*>(t.bytes.data());
    eth->dst_addr = setup_.beacon_mac;
    std::copy(Population::kGatewayMac.begin(), Population::kGatewayMac.end(), eth->src_addr.addr_bytes);
    eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
    auto* ip = reinterpret_cast<rte_ipv4_hdr*>(t.bytes.data() + kL2);
    *ip = rte_ipv4_hdr{};
    ip->version_ihl = RTE_IPV4_VHL_DEF;
    ip->total_length = rte_cpu_to_be_16(uint16_t(kL3 + t.udp_len));
    ip->fragment_offset = rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG);
    ip->time_to_live = 64;
    ip->next_proto_id = IPPROTO_UDP;
    ip->dst_addr = rte_cpu_to_be_32(setup_.beacon_ipv4);
    auto* udp = reinterpret_cast<rte_udp_hdr*>(t.bytes.data() + kL2 + kL3);
    udp->src_port = 0;
    udp->dst_port = rte_cpu_to_be_16(setup_.beacon_port);
    udp->dgram_len = rte_cpu_to_be_16(t.udp_len);
    udp->dgram_cksum = 0;
    t.tail_sum = __rte_raw_cksum(reinterpret_cast<const uint8_t*>(udp) + t.summed_len, t.udp_len - t.summed_len, 0);
    return t;
}

void TrafficSource::lay_pattern(rte_mbuf* m) const {
    rte_memcpy(rte_pktmbuf_mtod(m, uint8_t*), pattern_.data(), pattern_.size());
}

uint64_t TrafficSource::built_total() const {
    uint64_t sum = 0;
    for (uint64_t n : built_) sum += n;
    return sum;
}

FrameKind TrafficSource::pick(const Mix& mix) {
    if (mix.weights.size() == 1) return mix.weights[0].first;
    uint32_t r = rng_.below(mix.total());
    for (const auto& [kind, weight] : mix.weights) {
        if (r < weight) return kind;
        r -= weight;
    }
    return mix.weights.back().first;
}

TrafficSource::Source TrafficSource::relay_source() {
    const uint32_t s = rng_.below(setup_.relay_sources);
    return {kRelaySourceBase + (s & 0x1ffff), uint16_t(kRelaySourcePort + (s >> 17))};
}

FrameNote TrafficSource::write_head(FrameKind kind, uint8_t* message, Source& source) {
    const std::span<uint8_t> head(message, wire::kRelayHeaderSize);
    FrameNote note;
    note.kind = uint8_t(kind);
    switch (kind) {
        case FrameKind::Discover: {
            const uint32_t k = population_.random_active(rng_);
            source = {Population::ipv4_of(k), Population::port_of(k)};
            encode_into(std::span<uint8_t>(message, wire::kDiscoverSize + wire::kPublicKeySize),
                        wire::Discover{.id = Population::id_of(k), .public_key = wire::PublicKeyView(Population::kNodeKey)});
            note.reply_type = uint8_t(wire::MsgType::DiscoverReply);
            note.reply_ip = rte_cpu_to_be_32(source.ipv4);
            note.reply_port = rte_cpu_to_be_16(source.port);
            break;
        }
        case FrameKind::RelayHit64:
        case FrameKind::RelayHit1024:
        case FrameKind::BadChecksum: {
            source = relay_source();
            const uint32_t sender = Population::id_of(population_.random_active(rng_));
            const uint32_t dest = population_.random_active(rng_);
            encode_into(head, wire::Relay{.sender = sender, .dest = Population::id_of(dest)});
            if (kind != FrameKind::BadChecksum) {
                note.reply_type = uint8_t(wire::MsgType::RelayDeliver);
                note.reply_ip = rte_cpu_to_be_32(Population::ipv4_of(dest));
                note.reply_port = rte_cpu_to_be_16(Population::port_of(dest));
            }
            break;
        }
        case FrameKind::RelayNotFound:
            source = relay_source();
            encode_into(head, wire::Relay{.sender = Population::id_of(population_.random_active(rng_)),
                                          .dest = population_.random_unknown_id(rng_)});
            break;
        case FrameKind::RelayTruncated:
        case FrameKind::UnknownType: source = relay_source(); break;
    }
    return note;
}

void TrafficSource::build(rte_mbuf* m, const Mix& mix) {
    const FrameKind kind = pick(mix);
    const Template& t = templates_[size_t(kind)];
    rte_pktmbuf_reset(m);
    uint8_t* frame = rte_pktmbuf_mtod(m, uint8_t*);
    rte_memcpy(frame, t.bytes.data(), t.copy_len);
    m->data_len = t.frame_len;
    m->pkt_len = t.frame_len;

    Source source{};
    note_of(m) = write_head(kind, frame + kMessageOffset, source);
    auto* ip = reinterpret_cast<rte_ipv4_hdr*>(frame + kL2);
    ip->src_addr = rte_cpu_to_be_32(source.ipv4);
    ip->hdr_checksum = rte_ipv4_cksum(ip);
    auto* udp = reinterpret_cast<rte_udp_hdr*>(frame + kL2 + kL3);
    udp->src_port = rte_cpu_to_be_16(source.port);
    const uint32_t sum = __rte_raw_cksum(udp, t.summed_len, t.tail_sum + rte_ipv4_phdr_cksum(ip, 0));
    uint16_t checksum = uint16_t(~__rte_raw_cksum_reduce(sum));
    if (checksum == 0) checksum = 0xffff;  // 0 would mean "no checksum"
    if (kind == FrameKind::BadChecksum) checksum = checksum == 0xffff ? 0x0001 : uint16_t(checksum + 1);
    udp->dgram_cksum = checksum;
    ++built_[size_t(kind)];
}

bool TrafficSource::is_expected_answer(const rte_mbuf* m) {
    const FrameNote& note = note_of(m);
    if (note.reply_type == 0 || rte_pktmbuf_data_len(m) <= kMessageOffset) return false;
    const uint8_t* frame = rte_pktmbuf_mtod(m, const uint8_t*);
    const auto* eth = reinterpret_cast<const rte_ether_hdr*>(frame);
    const auto* ip = reinterpret_cast<const rte_ipv4_hdr*>(frame + kL2);
    const auto* udp = reinterpret_cast<const rte_udp_hdr*>(frame + kL2 + kL3);
    return eth->ether_type == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) && ip->dst_addr == note.reply_ip &&
           udp->dst_port == note.reply_port && frame[kMessageOffset] == note.reply_type;
}

}  // namespace pb::bench
