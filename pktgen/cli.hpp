// pktgen/cli.hpp — pilot-pktgen's command line:
//
//   pilot-pktgen --scenario FILE [--set KEY=VALUE]... [--json FILE] [--csv FILE] [--quiet]
//   pilot-pktgen --scenario FILE --pcap FILE [--pcap-count N] [--pcap-src-mac MAC] [--pcap-dst-mac MAC]
//   pilot-pktgen --scenario FILE --check
//
// Options take their value as the next argument or after '='. --set is
// pilot-beacond's (splits at the first '=', the value is YAML).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/cli.hpp"
#include "pktgen/scenario.hpp"

namespace pb::pktgen {

struct Options {
    std::string scenario_file;
    std::vector<config::Override> overrides;
    std::string json_file, csv_file;
    bool quiet = false;
    bool check = false;
    bool help = false;
    std::string pcap_file;
    uint64_t pcap_count = 10000;
    std::optional<Mac> pcap_src_mac, pcap_dst_mac;
};

struct ParsedOptions {
    Options options;
    std::vector<std::string> errors;
    bool ok() const { return errors.empty(); }
};

// `args` excludes argv[0].
ParsedOptions parse_options(std::span<const std::string_view> args);
std::string usage_text();

}  // namespace pb::pktgen
