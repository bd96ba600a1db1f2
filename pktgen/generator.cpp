// pktgen/generator.cpp — one builder per kind over frame.hpp, messages.hpp
// and hostile.hpp.
#include "pktgen/generator.hpp"

#include "pktgen/frame.hpp"
#include "pktgen/hostile.hpp"
#include "pktgen/messages.hpp"

namespace pb::pktgen {

namespace {

constexpr std::size_t kDiscoverRoom = 64;

std::vector<HostileVariant> all_variants() {
    std::vector<HostileVariant> v;
    for (std::size_t i = 0; i < kHostileVariantCount; ++i) v.push_back(HostileVariant(i));
    return v;
}

}  // namespace

unsigned Generator::owner_of(const Scenario& s, const PairPicker& pairs, uint32_t daemon, unsigned workers) {
    if (s.traffic.relay.pairs != PairMode::Fixed) return daemon % workers;
    const auto& senders = pairs.fixed_senders();
    for (std::size_t i = 0; i < senders.size(); ++i)
        if (senders[i] == daemon) return unsigned(i % workers);
    return daemon % workers;
}

Generator::Generator(const GeneratorSetup& setup, unsigned worker, unsigned workers)
    : setup_(setup),
      worker_(worker),
      workers_(workers),
      random_(setup.scenario.traffic.seed * 1000003 + worker),
      next_seq_(setup.daemons.size(), 0),
      variants_(setup.scenario.traffic.hostile.empty() ? all_variants() : setup.scenario.traffic.hostile) {
    for (uint32_t d = worker; d < setup.daemons.size(); d += workers) own_.push_back(d);
    if (setup.scenario.traffic.relay.pairs == PairMode::Fixed) {
        const auto& senders = setup.pairs.fixed_senders();
        for (std::size_t i = worker; i < senders.size(); i += workers) relay_senders_.push_back(senders[i]);
    } else {
        relay_senders_ = own_;
    }
}

std::size_t Generator::max_frame() const {
    const std::size_t relay = udp_payload_offset(setup_.scenario.ipv6()) +
                              relay_size(setup_.scenario.traffic.relay.payload_bytes);
    return std::max<std::size_t>(relay, kMaxHostileFrame);
}

UdpFrameSpec Generator::spec_from(uint32_t daemon) const {
    const Scenario& s = setup_.scenario;
    return UdpFrameSpec{.src_mac = setup_.our_mac,
                        .dst_mac = beacon_mac_,
                        .src = setup_.daemons.endpoint(daemon),
                        .dst = {s.beacon.address, s.beacon.port},
                        .ip_id = uint16_t(ip_id_ * workers_ + worker_),
                        .udp_checksum = s.traffic.udp_checksum};
}

uint32_t Generator::next_sender() {
    const uint32_t d = own_[next_own_];
    if (++next_own_ == own_.size()) next_own_ = 0;
    return d;
}

uint32_t Generator::next_relay_sender() {
    const uint32_t d = relay_senders_[next_relay_];
    if (++next_relay_ == relay_senders_.size()) next_relay_ = 0;
    return d;
}

std::size_t Generator::discover(std::span<uint8_t> frame, uint32_t daemon) {
    const bool ipv6 = setup_.scenario.ipv6();
    const std::size_t n = encode_discover(frame.subspan(udp_payload_offset(ipv6), kDiscoverRoom),
                                          setup_.daemons.node_id(daemon), setup_.scenario.daemons.discover_ex);
    ++ip_id_;
    return write_udp_frame(frame, spec_from(daemon), n);
}

std::size_t Generator::relay(std::span<uint8_t> frame, uint32_t sender, uint64_t tsc) {
    const bool ipv6 = setup_.scenario.ipv6();
    const uint32_t dest = setup_.pairs.dest(sender, random_);
    const Probe probe{.kind = ProbeKind::Relay, .epoch = epoch_, .flow = sender, .seq = next_seq_[sender]++, .tsc = tsc};
    const std::size_t n = encode_relay(frame.subspan(udp_payload_offset(ipv6)), setup_.daemons.node_id(sender),
                                       setup_.daemons.node_id(dest), probe,
                                       setup_.scenario.traffic.relay.payload_bytes);
    ++ip_id_;
    return write_udp_frame(frame, spec_from(sender), n);
}

std::size_t Generator::not_found(std::span<uint8_t> frame, uint32_t sender, uint64_t tsc) {
    const bool ipv6 = setup_.scenario.ipv6();
    const Probe probe{.kind = ProbeKind::NotFound, .epoch = epoch_, .flow = sender, .seq = unknown_, .tsc = tsc};
    const uint32_t dest = setup_.daemons.unknown_id(unknown_++ * workers_ + worker_);
    const std::size_t n = encode_relay(frame.subspan(udp_payload_offset(ipv6)), setup_.daemons.node_id(sender), dest,
                                       probe, setup_.scenario.traffic.relay.payload_bytes);
    ++ip_id_;
    return write_udp_frame(frame, spec_from(sender), n);
}

std::size_t Generator::fresh_discover(std::span<uint8_t> frame, uint32_t sender) {
    if (!setup_.scenario.traffic.discover_fresh_ids) return discover(frame, sender);
    const bool ipv6 = setup_.scenario.ipv6();
    const uint32_t id = setup_.daemons.fresh_id(fresh_++ * workers_ + worker_);
    const std::size_t n = encode_discover(frame.subspan(udp_payload_offset(ipv6), kDiscoverRoom), id,
                                          setup_.scenario.daemons.discover_ex);
    ++ip_id_;
    return write_udp_frame(frame, spec_from(sender), n);
}

std::size_t Generator::punch(std::span<uint8_t> frame, uint32_t sender) {
    const bool ipv6 = setup_.scenario.ipv6();
    uint32_t target = random_.below(setup_.daemons.size() - 1);
    if (target >= sender) ++target;
    const std::size_t n = encode_punch(frame.subspan(udp_payload_offset(ipv6), kDiscoverRoom),
                                       setup_.daemons.node_id(sender), setup_.daemons.node_id(target));
    ++ip_id_;
    return write_udp_frame(frame, spec_from(sender), n);
}

void Generator::hostile(std::span<uint8_t> frame, BuiltPacket& built, uint64_t tsc) {
    const DaemonSet& d = setup_.daemons;
    const uint64_t k = hostile_++;
    built.variant = variants_[k % variants_.size()];
    const uint64_t index = variant_sent_[std::size_t(built.variant)]++;
    // Both fragments of an overlapping pair come from one sender (one reassembly key).
    if (built.variant == HostileVariant::OverlappingFragment) built.sender = own_[index / 2 % own_.size()];
    const uint32_t sender = built.sender;
    uint32_t peer = d.size() > 1 ? random_.below(d.size() - 1) : 0;
    if (d.size() > 1 && peer >= sender) ++peer;
    const auto& victims = setup_.scenario.traffic.hostile_victims;
    const HostileInput in{.spec = spec_from(sender),
                          .sender = d.node_id(sender),
                          .peer = d.node_id(peer),
                          .decoy = d.decoy_id((k * workers_ + worker_) * 3),
                          .victim = victims.empty() ? d.node_id(peer) : victims[index % victims.size()],
                          .probe = {.kind = ProbeKind::Hostile, .epoch = epoch_, .flow = sender, .seq = k, .tsc = tsc},
                          .salt = random_.next(),
                          .index = index};
    ++ip_id_;
    built.length = write_hostile_frame(frame, built.variant, in);
}

BuiltPacket Generator::next(std::span<uint8_t> frame, uint64_t tsc) {
    BuiltPacket built{.kind = setup_.kinds.draw(random_)};
    if (built.kind == Kind::Relay) {
        if (relay_senders_.empty()) return built;
        built.sender = next_relay_sender();
        built.length = relay(frame, built.sender, tsc);
        return built;
    }
    if (own_.empty()) return built;
    built.sender = next_sender();
    switch (built.kind) {
        case Kind::NotFound: built.length = not_found(frame, built.sender, tsc); break;
        case Kind::Discover: built.length = fresh_discover(frame, built.sender); break;
        case Kind::Punch: built.length = punch(frame, built.sender); break;
        case Kind::Hostile: hostile(frame, built, tsc); break;
        case Kind::Relay: break;
    }
    return built;
}

}  // namespace pb::pktgen
