// pktgen/scenario_load.cpp — the scenario's sections, key by key, and the
// checks that involve several keys.
#include "pktgen/scenario_load.hpp"

#include <algorithm>
#include <numeric>

#include "common/config/decode.hpp"
#include "common/config/yaml_tree.hpp"
#include "common/wire/byte_order.hpp"
#include "common/wire/types.hpp"
#include "pktgen/probe.hpp"
#include "pktgen/yaml_fields.hpp"

namespace pb::pktgen {

namespace {

constexpr uint64_t kU32 = 0xffffffffu;
constexpr uint32_t kMaxDaemons = 1u << 24;
constexpr uint64_t kMaxRate = 1'000'000'000;  // packets per second
constexpr uint64_t kMaxMillis = 60'000;
constexpr double kMaxSeconds = 86'400;
// The largest relay payload: one IPv4 UDP datagram carries 65,498, and the
// whole frame must fit one mbuf (65,535 bytes with headroom) before fragmentation.
constexpr uint64_t kMaxPayload = 65000;

std::string stem(const std::string& path) {
    std::string name = path.substr(path.find_last_of('/') + 1);
    if (name.ends_with(".yaml")) name.resize(name.size() - 5);
    return name;
}

// `dpdk` and `port` go through pilot-beacond's own decoder: same keys, same messages.
void read_eal_sections(const YAML::Node& root, Scenario& s, config::ErrorList& errors) {
    YAML::Node sections(YAML::NodeType::Map);
    for (const char* key : {"dpdk", "port"})
        if (root.IsMap() && root[key].IsDefined()) sections[key] = root[key];
    s.eal = config::decode(sections, errors);
    if (s.eal.port.device.empty()) errors.add("port.device", "must be set (a vdev spec or a PCI address)");
    if (s.eal.port.ipv4.address || s.eal.port.ipv6.address || s.eal.port.ipv4.gateway || s.eal.port.ipv6.gateway)
        errors.add("port", "ipv4/ipv6 are not used by pilot-pktgen: daemons.addresses gives its addresses");
    if (s.eal.port.vlan != 0) errors.add("port.vlan", "VLAN tags are not supported by pilot-pktgen");
}

void read_beacon(YamlFields f, BeaconTarget& b) {
    if (!f.node("address")) f.errors().add(f.path_of("address"), "must be set (the beacon's IP address)");
    f.address("address", b.address);
    f.number("port", b.port, 1, 65535);
    f.mac("mac", b.mac);
    f.finish();
}

template <class T>
void read_range(YamlFields f, Range<T>& range, uint64_t max_count) {
    if constexpr (std::is_same_v<T, net::IpAddress>) {
        if (!f.node("first")) f.errors().add(f.path_of("first"), "must be set (the first daemon address)");
        f.address("first", range.first);
    } else {
        f.number("first", range.first, 1, 65535);
    }
    f.number("count", range.count, 1, max_count);
    f.finish();
}

void read_daemons(YamlFields f, DaemonsConfig& d) {
    f.number("count", d.count, 1, kMaxDaemons);
    read_range(f.map("addresses"), d.addresses, kMaxDaemons);
    read_range(f.map("ports"), d.ports, 65535);
    YamlFields ids = f.map("node_ids");
    ids.number("first", d.node_ids.first, 1, kU32);
    ids.flag("scattered", d.node_ids.scattered);
    ids.finish();
    f.flag("discover_ex", d.discover_ex);
    f.number("keepalive_s", d.keepalive_s, 0, 3600);
    f.number("register_rate_pps", d.register_rate_pps, 1, kMaxRate);
    f.number("register_timeout_s", d.register_timeout_s, 1, 3600);
    f.number("min_registered_percent", d.min_registered_percent, 0, 100);
    f.finish();
}

// [sender, dest] daemon indexes below `daemons`, one destination per sender.
std::vector<std::pair<uint32_t, uint32_t>> read_pairs(const YAML::Node& list, const std::string& path,
                                                      uint32_t daemons, config::ErrorList& errors) {
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    if (!list.IsSequence()) {
        errors.add(path, "expected a list of [sender, dest] pairs, got " + describe_node(list));
        return pairs;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string item = path + "[" + std::to_string(i) + "]";
        if (!list[i].IsSequence() || list[i].size() != 2) {
            errors.add(item, "expected [sender, dest] (two daemon indexes), got " + describe_node(list[i]));
            continue;
        }
        const auto a = YamlFields::parse_integer(list[i][0], item + "[0]", 0, daemons - 1, errors);
        const auto b = YamlFields::parse_integer(list[i][1], item + "[1]", 0, daemons - 1, errors);
        if (!a || !b) continue;
        if (std::any_of(pairs.begin(), pairs.end(), [&](const auto& p) { return p.first == *a; }))
            errors.add(item, "sender " + std::to_string(*a) + " appears twice (one destination per sender)");
        else
            pairs.emplace_back(uint32_t(*a), uint32_t(*b));
    }
    return pairs;
}

std::vector<HostileVariant> read_variants(const YAML::Node& list, const std::string& path,
                                          config::ErrorList& errors) {
    std::vector<HostileVariant> variants;
    if (!list.IsSequence()) {
        errors.add(path, "expected a list of variant names, got " + describe_node(list));
        return variants;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string item = path + "[" + std::to_string(i) + "]";
        const auto name = YamlFields::scalar(list[i], item, "a variant name", errors);
        if (!name) continue;
        const auto it = std::find(kHostileVariantNames.begin(), kHostileVariantNames.end(), *name);
        if (it == kHostileVariantNames.end()) {
            errors.add(item, config::quoted(*name) + " is not a hostile variant (pktgen/README.md lists them)");
            continue;
        }
        variants.push_back(HostileVariant(it - kHostileVariantNames.begin()));
    }
    return variants;
}

std::vector<uint32_t> read_ids(const YAML::Node& list, const std::string& path, config::ErrorList& errors) {
    std::vector<uint32_t> ids;
    if (!list.IsSequence()) {
        errors.add(path, "expected a list of node ids, got " + describe_node(list));
        return ids;
    }
    for (std::size_t i = 0; i < list.size(); ++i)
        if (const auto id = YamlFields::parse_integer(list[i], path + "[" + std::to_string(i) + "]", 0, UINT32_MAX,
                                                      errors))
            ids.push_back(uint32_t(*id));
    return ids;
}

void read_traffic(YamlFields f, TrafficConfig& t, uint32_t daemons) {
    // A mix names every kind it sends: the kinds it leaves out weigh 0.
    if (f.node("mix")) t.mix.fill(0);
    YamlFields mix = f.map("mix");
    for (std::size_t k = 0; k < kKindCount; ++k) mix.number(kKindNames[k], t.mix[k], 0, 1000000);
    mix.finish();
    YamlFields relay = f.map("relay");
    relay.number("payload_bytes", t.relay.payload_bytes, Probe::kSize, kMaxPayload);
    relay.enumeration("pairs", t.relay.pairs, kPairModeNames);
    if (const auto fixed = relay.node("fixed")) t.relay.fixed = read_pairs(*fixed, relay.path_of("fixed"), daemons, f.errors());
    relay.finish();
    YamlFields discover = f.map("discover");
    discover.flag("fresh_ids", t.discover_fresh_ids);
    discover.finish();
    YamlFields hostile = f.map("hostile");
    if (const auto variants = hostile.node("variants"))
        t.hostile = read_variants(*variants, hostile.path_of("variants"), f.errors());
    if (const auto victims = hostile.node("victims"))
        t.hostile_victims = read_ids(*victims, hostile.path_of("victims"), f.errors());
    hostile.finish();
    f.flag("udp_checksum", t.udp_checksum);
    f.number("seed", t.seed, 0, UINT64_MAX);
    f.finish();
}

void read_load(YamlFields f, LoadConfig& l) {
    f.enumeration("mode", l.mode, kLoopModeNames);
    f.number("rate_pps", l.rate_pps, 0, kMaxRate);
    f.number("window", l.window, 1, 1'000'000);
    f.number("window_timeout_ms", l.window_timeout_ms, 1, kMaxMillis);
    f.real("duration_s", l.duration_s, 0.1, kMaxSeconds);
    f.real("warmup_s", l.warmup_s, 0, kMaxSeconds);
    f.number("drain_ms", l.drain_ms, 0, kMaxMillis);
    f.number("burst", l.burst, 1, 512);
    f.finish();
}

void read_ramp(YamlFields f, RampConfig& r) {
    f.flag("enabled", r.enabled);
    f.number("min_pps", r.min_pps, 1, kMaxRate);
    f.number("max_pps", r.max_pps, 0, kMaxRate);
    f.real("loss_threshold", r.loss_threshold, 0, 1);
    f.real("trial_s", r.trial_s, 0.1, kMaxSeconds);
    f.real("resolution", r.resolution, 0.001, 0.5);
    f.number("max_trials", r.max_trials, 1, 100);
    f.number("followup_percent", r.followup_percent, 0, 100);
    f.finish();
}

// How many addresses follow `first` before its low 32 bits wrap (daemons vary only those).
uint64_t last_address_offset(const net::IpAddress& first) {
    const std::size_t at = first.is_v4() ? 0 : 12;
    return kU32 - wire::load_be<uint32_t>(first.bytes.data() + at);
}

void check_daemons(const Scenario& s, config::ErrorList& errors) {
    const DaemonsConfig& d = s.daemons;
    if (d.addresses.first.family != s.beacon.address.family)
        errors.add("daemons.addresses.first", "is " + std::string(d.addresses.first.is_v4() ? "IPv4" : "IPv6") +
                                                  ", the beacon's address is not: one family per scenario");
    if (uint64_t(d.addresses.count) * d.ports.count < d.count)
        errors.add("daemons.count", std::to_string(d.count) + " daemons need more address:port pairs than " +
                                        "addresses.count × ports.count = " +
                                        std::to_string(uint64_t(d.addresses.count) * d.ports.count));
    if (uint64_t(d.ports.first) + d.ports.count - 1 > 65535)
        errors.add("daemons.ports.count", "the range runs past port 65535");
    if (d.addresses.count - 1 > last_address_offset(d.addresses.first))
        errors.add("daemons.addresses.count", "the range runs past the end of the address's last 32 bits");
    if (!d.node_ids.scattered && uint64_t(d.node_ids.first) + d.count - 1 > kU32)
        errors.add("daemons.node_ids.first", "first + count − 1 must stay below 2^32");
}

void cross_check(const Scenario& s, config::ErrorList& errors) {
    const DaemonsConfig& d = s.daemons;
    if (!errors.has_error_affecting("beacon.address") && !errors.has_error_affecting("daemons"))
        check_daemons(s, errors);
    const TrafficConfig& t = s.traffic;
    if (std::accumulate(t.mix.begin(), t.mix.end(), uint64_t(0)) == 0)
        errors.add("traffic.mix", "every weight is 0: nothing to send");
    const bool pairs_needed = t.mix[size_t(Kind::Relay)] > 0 || t.mix[size_t(Kind::Punch)] > 0;
    if (pairs_needed && d.count < 2) errors.add("daemons.count", "relays and punches need at least 2 daemons");
    if (t.relay.pairs == PairMode::Fixed && t.relay.fixed.empty())
        errors.add("traffic.relay.fixed", "pairs: fixed needs at least one [sender, dest] pair");
    if (t.relay.pairs != PairMode::Fixed && !t.relay.fixed.empty())
        errors.add("traffic.relay.fixed", "given, but traffic.relay.pairs is not 'fixed'");
    if (s.ipv6() && t.relay.payload_bytes > wire::kMaxRelayPayload)
        errors.add("traffic.relay.payload_bytes", "over the protocol's 65,535-byte relay payload");
    if (s.ramp.enabled && s.load.mode != LoopMode::Open)
        errors.add("ramp.enabled", "the rate search needs load.mode: open");
    if (s.ramp.enabled && s.ramp.max_pps != 0 && s.ramp.max_pps <= s.ramp.min_pps)
        errors.add("ramp.max_pps", "must be above ramp.min_pps (or 0: measured)");
    if (s.needs_fragments() && s.eal.port.mtu < (s.ipv6() ? 1280 : 576))
        errors.add("port.mtu", "fragmented relays need an MTU of at least 576 (IPv4) / 1280 (IPv6)");
}

}  // namespace

bool Scenario::needs_fragments() const {
    const std::size_t l3 = ipv6() ? 40 : 20;
    return l3 + 8 + wire::kRelayHeaderSize + traffic.relay.payload_bytes > eal.port.mtu &&
           traffic.mix[size_t(Kind::Relay)] > 0;
}

ScenarioLoad load_scenario_text(std::string_view yaml, std::span<const config::Override> overrides,
                                std::string_view source) {
    config::ErrorList errors;
    ScenarioLoad result;
    Scenario& s = result.scenario;
    auto tree = config::parse_yaml(yaml, source, errors);
    if (tree) {
        config::apply_overrides(*tree, overrides, errors);
        YamlFields root(*tree, "", errors);
        root.text("name", s.name);
        root.text("description", s.description);
        root.node("dpdk");
        root.node("port");
        if (tree->IsMap() || tree->IsNull()) read_eal_sections(*tree, s, errors);
        read_beacon(root.map("beacon"), s.beacon);
        read_daemons(root.map("daemons"), s.daemons);
        read_traffic(root.map("traffic"), s.traffic, s.daemons.count);
        read_load(root.map("load"), s.load);
        read_ramp(root.map("ramp"), s.ramp);
        YamlFields report = root.map("report");
        report.real("interval_s", s.report_interval_s, 0.1, 3600);
        report.finish();
        root.finish();
        if (tree->IsMap()) cross_check(s, errors);
    }
    result.errors = std::move(errors).take();
    return result;
}

ScenarioLoad load_scenario_file(const std::string& path, std::span<const config::Override> overrides) {
    config::ErrorList errors;
    const auto text = config::read_file(path, errors);
    if (!text) return {Scenario{}, std::move(errors).take()};
    ScenarioLoad loaded = load_scenario_text(*text, overrides, path);
    if (loaded.scenario.name.empty()) loaded.scenario.name = stem(path);
    return loaded;
}

}  // namespace pb::pktgen
