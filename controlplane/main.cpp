// controlplane/main.cpp — pilot-beacond's entry point: command line and
// configuration (every problem reported at once, exit 2, before the NIC is
// touched), logging, then the appliance until a shutdown signal.
#include <cstdio>
#include <exception>
#include <iostream>

#include "common/config/loader.hpp"
#include "common/log/log.hpp"
#include "controlplane/appliance.hpp"

namespace {
constexpr int kExitConfigError = 2;
constexpr const char* kVersion = "pilot-beacond 0.1.0 (Pilot Protocol beacon, wire-compatible with beacon v0.2.x)";
}  // namespace

int main(int argc, char** argv) {
    const auto parsed = pb::config::parse_command_line(argc, argv, pb::config::process_env());
    if (!parsed.ok()) {
        std::cerr << pb::config::render_errors(parsed.errors);
        return kExitConfigError;
    }
    const pb::config::CommandLine& command_line = parsed.command_line;
    if (command_line.help) {
        std::cout << pb::config::usage();
        return 0;
    }
    if (command_line.version) {
        std::cout << kVersion << "\n";
        return 0;
    }
    const auto loaded = pb::config::load(command_line);
    if (!loaded.ok()) {
        std::cerr << pb::config::render_errors(loaded.errors);
        return kExitConfigError;
    }
    if (command_line.check) {
        std::cout << pb::config::to_yaml(loaded.config);
        return 0;
    }
    const pb::config::Config& cfg = loaded.config;
    pb::log::configure(cfg.log.level, cfg.log.format);
    auto reload = [command_line](pb::config::Config& out) {
        auto again = pb::config::load(command_line);
        for (const auto& error : again.errors) pb::log::error("config", "reload", {{"error", error.to_string()}});
        if (!again.ok()) return false;
        out = again.config;
        return true;
    };
    try {
        return pb::cp::run_appliance(cfg, argv[0], reload);
    } catch (const std::exception& e) {
        pb::log::error("beacon", "fatal", {{"error", e.what()}});
        return 1;
    }
}
