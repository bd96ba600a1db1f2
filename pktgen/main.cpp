// pktgen/main.cpp — pilot-pktgen's entry point: options and scenario
// (every problem at once, exit 2), then a pcap export, a check, or a live
// run whose report goes to the terminal and, when asked, JSON and CSV.
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <string_view>
#include <vector>

#include "pktgen/cli.hpp"
#include "pktgen/pcap_export.hpp"
#include "pktgen/report.hpp"
#include "pktgen/runner.hpp"
#include "pktgen/scenario_load.hpp"

namespace {

constexpr int kExitUsage = 2;

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) throw std::runtime_error(path + ": cannot write");
}

}  // namespace

int main(int argc, char** argv) {
    using namespace pb::pktgen;
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    const ParsedOptions parsed = parse_options(args);
    for (const auto& e : parsed.errors) std::cerr << "pilot-pktgen: " << e << "\n";
    if (!parsed.ok()) {
        std::cerr << usage_text();
        return kExitUsage;
    }
    const Options& o = parsed.options;
    if (o.help) {
        std::cout << usage_text();
        return 0;
    }
    const ScenarioLoad loaded = load_scenario_file(o.scenario_file, o.overrides);
    if (!loaded.ok()) {
        std::cerr << pb::config::render_errors(loaded.errors, "pilot-pktgen: scenario: ");
        return kExitUsage;
    }
    const Scenario& scenario = loaded.scenario;
    try {
        if (o.check) {
            std::cout << "scenario " << scenario.name << ": ok\n";
            return 0;
        }
        if (!o.pcap_file.empty()) {
            PcapRequest request{.path = o.pcap_file, .count = o.pcap_count};
            if (o.pcap_src_mac) request.src_mac = *o.pcap_src_mac;
            if (o.pcap_dst_mac) request.dst_mac = *o.pcap_dst_mac;
            else if (scenario.beacon.mac) request.dst_mac = *scenario.beacon.mac;
            const uint64_t frames = export_pcap(scenario, request);
            std::cout << "wrote " << frames << " frames to " << o.pcap_file << "\n";
            return 0;
        }
        const Report report = run_scenario(scenario, RunOptions{.progress = o.quiet ? nullptr : stdout});
        print_report(report, stdout);
        if (!o.json_file.empty()) write_text(o.json_file, report_json(report));
        if (!o.csv_file.empty()) write_text(o.csv_file, report_csv(report));
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "pilot-pktgen: " << e.what() << "\n";
        return 1;
    }
}
