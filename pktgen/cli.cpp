// pktgen/cli.cpp — option parsing for pilot-pktgen.
#include "pktgen/cli.hpp"

#include <charconv>
#include <cstdio>

#include "pktgen/mac.hpp"

namespace pb::pktgen {

std::string usage_text() {
    return "usage: pilot-pktgen --scenario FILE [--set KEY=VALUE]... [--json FILE] [--csv FILE] [--quiet]\n"
           "       pilot-pktgen --scenario FILE --pcap FILE [--pcap-count N] [--pcap-src-mac MAC] [--pcap-dst-mac MAC]\n"
           "       pilot-pktgen --scenario FILE --check\n"
           "\n"
           "Plays N virtual Pilot daemons against a beacon from its own DPDK port and measures\n"
           "delivered rate, loss, reordering and latency. Scenarios: pktgen/scenarios/*.yaml;\n"
           "every key: pktgen/README.md.\n"
           "\n"
           "  --scenario FILE     the scenario (YAML)\n"
           "  --set KEY=VALUE     override one scenario key (repeatable; VALUE is YAML)\n"
           "  --json FILE         write the report as JSON\n"
           "  --csv FILE          write one CSV row per measured run\n"
           "  --quiet             no per-second progress lines\n"
           "  --check             validate the scenario and exit\n"
           "  --pcap FILE         write the scenario's packets (registration Discovers first) as pcap\n"
           "                      instead of sending them; no port needed\n"
           "  --pcap-count N      scenario packets in the pcap (default 10000)\n"
           "  --pcap-src-mac MAC  source MAC in the pcap (default 02:00:00:00:00:01)\n"
           "  --pcap-dst-mac MAC  destination MAC (default beacon.mac, else 02:00:00:00:00:02)\n"
           "  --help              this text\n";
}

ParsedOptions parse_options(std::span<const std::string_view> args) {
    ParsedOptions parsed;
    Options& o = parsed.options;
    auto error = [&](std::string text) { parsed.errors.push_back(std::move(text)); };
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i], value;
        bool has_value = false;
        if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_value = true;
        }
        auto take = [&]() -> std::optional<std::string_view> {
            if (has_value) return value;
            if (i + 1 < args.size()) return args[++i];
            error(std::string(arg) + " needs a value");
            return std::nullopt;
        };
        if (arg == "--help" || arg == "-h") o.help = true;
        else if (arg == "--quiet") o.quiet = true;
        else if (arg == "--check") o.check = true;
        else if (arg == "--scenario") { if (auto v = take()) o.scenario_file = *v; }
        else if (arg == "--json") { if (auto v = take()) o.json_file = *v; }
        else if (arg == "--csv") { if (auto v = take()) o.csv_file = *v; }
        else if (arg == "--pcap") { if (auto v = take()) o.pcap_file = *v; }
        else if (arg == "--set") {
            const auto v = take();
            if (!v) continue;
            const auto eq = v->find('=');
            if (eq == std::string_view::npos || eq == 0) error("--set " + std::string(*v) + ": expected KEY=VALUE");
            else o.overrides.push_back({std::string(v->substr(0, eq)), std::string(v->substr(eq + 1)),
                                        config::ValueKind::Yaml, "--set"});
        } else if (arg == "--pcap-count") {
            const auto v = take();
            if (!v) continue;
            auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), o.pcap_count);
            if (ec != std::errc() || end != v->data() + v->size() || o.pcap_count == 0)
                error("--pcap-count " + std::string(*v) + ": expected a positive integer");
        } else if (arg == "--pcap-src-mac" || arg == "--pcap-dst-mac") {
            const auto v = take();
            if (!v) continue;
            const auto mac = parse_mac(*v);
            if (!mac) error(std::string(arg) + " " + std::string(*v) + ": expected a MAC (aa:bb:cc:dd:ee:ff)");
            (arg == "--pcap-src-mac" ? o.pcap_src_mac : o.pcap_dst_mac) = mac;
        } else {
            error("unknown option " + std::string(args[i]));
        }
    }
    if (!o.help && o.scenario_file.empty()) error("--scenario FILE is required");
    return parsed;
}

}  // namespace pb::pktgen
