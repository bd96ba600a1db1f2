// pktgen/yaml_fields.hpp — typed reads of one YAML map for the scenario
// loader, each problem recorded in a pb::config::ErrorList under the key's
// dotted path ("load.rate_pps: expected an integer, got 'fast'"), as
// pilot-beacond's own configuration reports them. finish() reports the keys
// of the map that nobody asked for ("unknown key") and repeated keys.
// A value that is absent leaves the target at its default.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/errors.hpp"
#include "common/net/ip_address.hpp"
#include "pktgen/scenario.hpp"

namespace pb::pktgen {

class YamlFields {
public:
    // `node` absent or null: a map without keys. Anything else but a map is
    // reported at `path`.
    YamlFields(const YAML::Node& node, std::string path, config::ErrorList& errors);

    // Reports unknown and duplicate keys; call once, after every read.
    void finish();

    // The nested map at `key` (absent: empty). Finish it before this one.
    YamlFields map(std::string_view key);
    // The raw node at `key` (lists), if present; its path is path_of(key).
    std::optional<YAML::Node> node(std::string_view key);
    std::string path_of(std::string_view key) const;
    config::ErrorList& errors() { return errors_; }

    void text(std::string_view key, std::string& out);
    void flag(std::string_view key, bool& out);
    void integer(std::string_view key, uint64_t& out, uint64_t min, uint64_t max);
    void real(std::string_view key, double& out, double min, double max);
    void address(std::string_view key, net::IpAddress& out);
    void mac(std::string_view key, std::optional<Mac>& out);
    // One of `names`; out receives its position.
    void choice(std::string_view key, std::size_t& out, std::span<const std::string_view> names);

    template <class T>
    void number(std::string_view key, T& out, uint64_t min, uint64_t max) {
        uint64_t wide = out;
        integer(key, wide, min, max);
        out = T(wide);
    }
    template <class E>
    void enumeration(std::string_view key, E& out, std::span<const std::string_view> names) {
        std::size_t index = std::size_t(out);
        choice(key, index, names);
        out = E(index);
    }

    // Scalar conversions shared with list items: nullopt after reporting at `path`.
    static std::optional<uint64_t> parse_integer(const YAML::Node& node, const std::string& path, uint64_t min,
                                                 uint64_t max, config::ErrorList& errors);
    static std::optional<std::string> scalar(const YAML::Node& node, const std::string& path,
                                             std::string_view what, config::ErrorList& errors);

private:
    YAML::Node node_;
    std::string path_;
    config::ErrorList& errors_;
    bool is_map_ = false;
    std::vector<std::string> asked_;
};

// "2", "a map", "a list" or "an empty value": how messages name what they got.
std::string describe_node(const YAML::Node& node);

}  // namespace pb::pktgen
