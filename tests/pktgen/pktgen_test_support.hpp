// tests/pktgen/pktgen_test_support.hpp — a small scenario and the
// generator pieces built from it, shared by the builder, hostile and pcap
// tests.
#pragma once

#include <string>
#include <vector>

#include "pktgen/daemons.hpp"
#include "pktgen/generator.hpp"
#include "pktgen/mix.hpp"
#include "pktgen/scenario_load.hpp"

namespace pb::pktgen::test {

inline constexpr Mac kOurMac{0x02, 0, 0, 0, 0, 0x11};
inline constexpr Mac kBeaconMac{0x02, 0, 0, 0, 0, 0x22};

// A valid scenario: `family` "v4" or "v6", then `extra_yaml` appended.
inline Scenario small_scenario(const std::string& family = "v4", const std::string& extra_yaml = "") {
    const bool v6 = family == "v6";
    const std::string yaml = std::string("port: { device: \"net_null0\" }\n") +
                             (v6 ? "beacon: { address: \"fd00::1\", port: 9001 }\n"
                                   "daemons: { count: 8, addresses: { first: \"fd00::100\", count: 4 },"
                                   " ports: { first: 40000, count: 2 } }\n"
                                 : "beacon: { address: 10.9.0.1, port: 9001 }\n"
                                   "daemons: { count: 8, addresses: { first: 10.9.0.100, count: 4 },"
                                   " ports: { first: 40000, count: 2 } }\n") +
                             extra_yaml;
    const ScenarioLoad loaded = load_scenario_text(yaml);
    if (!loaded.ok()) throw std::runtime_error(loaded.errors[0].to_string());
    return loaded.scenario;
}

// The generator and what it refers to, for one scenario.
struct Rig {
    explicit Rig(const Scenario& s)
        : scenario(s),
          daemons(s.daemons),
          pairs(s.traffic.relay, s.daemons.count, s.traffic.seed),
          kinds(s.traffic.mix),
          setup{scenario, daemons, pairs, kinds, kOurMac},
          generator(setup, 0, 1) {
        generator.set_beacon_mac(kBeaconMac);
        generator.set_epoch(3);
    }
    Scenario scenario;
    DaemonSet daemons;
    PairPicker pairs;
    KindTable kinds;
    GeneratorSetup setup;
    Generator generator;
    std::vector<uint8_t> buffer = std::vector<uint8_t>(70000);
};

}  // namespace pb::pktgen::test
