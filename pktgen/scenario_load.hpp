// pktgen/scenario_load.hpp — scenario file → Scenario: YAML syntax, --set
// overrides (pilot-beacond's, same syntax), every key with its dotted path,
// then the checks across keys. Every problem is reported at once.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/cli.hpp"
#include "common/config/errors.hpp"
#include "pktgen/scenario.hpp"

namespace pb::pktgen {

struct ScenarioLoad {
    Scenario scenario;                        // meaningful only when ok()
    std::vector<config::ConfigError> errors;  // in the order found
    bool ok() const { return errors.empty(); }
};

// Reads `path`; the scenario's name defaults to the file name without ".yaml".
ScenarioLoad load_scenario_file(const std::string& path, std::span<const config::Override> overrides = {});

// The same with the text given; `source` names it in syntax errors.
ScenarioLoad load_scenario_text(std::string_view yaml, std::span<const config::Override> overrides = {},
                                std::string_view source = "<scenario>");

}  // namespace pb::pktgen
