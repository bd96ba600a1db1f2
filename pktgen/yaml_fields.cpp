// pktgen/yaml_fields.cpp — scalar conversions and key bookkeeping for the
// scenario loader.
#include "pktgen/yaml_fields.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "pktgen/mac.hpp"

namespace pb::pktgen {

namespace {

template <class T>
bool convert_whole(const std::string& text, T& value) {
    const char* end = text.data() + text.size();
    auto [stop, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && stop == end;
}

std::string number_text(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}

}  // namespace

std::string describe_node(const YAML::Node& node) {
    if (node.IsMap()) return "a map";
    if (node.IsSequence()) return "a list";
    if (node.IsScalar()) return config::quoted(node.Scalar());
    return "an empty value";
}

YamlFields::YamlFields(const YAML::Node& node, std::string path, config::ErrorList& errors)
    : path_(std::move(path)), errors_(errors) {
    if (!node.IsDefined() || node.IsNull()) return;
    if (!node.IsMap()) {
        errors_.add(path_, "expected a map, got " + describe_node(node));
        return;
    }
    node_ = node;
    is_map_ = true;
}

std::string YamlFields::path_of(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

std::optional<YAML::Node> YamlFields::node(std::string_view key) {
    asked_.emplace_back(key);
    if (!is_map_) return std::nullopt;
    const YAML::Node& map = node_;  // the const operator[] never inserts
    YAML::Node found = map[std::string(key)];
    if (!found.IsDefined()) return std::nullopt;
    return found;
}

void YamlFields::finish() {
    if (!is_map_) return;
    std::vector<std::string> keys;
    for (const auto& entry : node_) {
        if (!entry.first.IsScalar()) {
            errors_.add(path_, "keys must be scalars, got " + describe_node(entry.first));
            continue;
        }
        const std::string& key = entry.first.Scalar();
        if (std::count(keys.begin(), keys.end(), key) == 1) errors_.add(path_of(key), "duplicate key");
        else if (std::find(asked_.begin(), asked_.end(), key) == asked_.end()) errors_.add(path_of(key), "unknown key");
        keys.push_back(key);
    }
}

YamlFields YamlFields::map(std::string_view key) {
    const auto found = node(key);
    return YamlFields(found.value_or(YAML::Node()), path_of(key), errors_);
}

std::optional<std::string> YamlFields::scalar(const YAML::Node& node, const std::string& path,
                                              std::string_view what, config::ErrorList& errors) {
    if (node.IsScalar()) return node.Scalar();
    errors.add(path, "expected " + std::string(what) + ", got " + describe_node(node));
    return std::nullopt;
}

std::optional<uint64_t> YamlFields::parse_integer(const YAML::Node& node, const std::string& path, uint64_t min,
                                                  uint64_t max, config::ErrorList& errors) {
    const auto text = scalar(node, path, "an integer", errors);
    if (!text) return std::nullopt;
    uint64_t value = 0;
    if (!convert_whole(*text, value)) {
        int64_t negative = 0;
        if (convert_whole(*text, negative))  // a number, just not one we accept
            errors.add(path, *text + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
        else
            errors.add(path, "expected an integer, got " + config::quoted(*text));
        return std::nullopt;
    }
    if (value < min || value > max) {
        errors.add(path, *text + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
        return std::nullopt;
    }
    return value;
}

void YamlFields::integer(std::string_view key, uint64_t& out, uint64_t min, uint64_t max) {
    if (const auto found = node(key))
        if (const auto value = parse_integer(*found, path_of(key), min, max, errors_)) out = *value;
}

void YamlFields::real(std::string_view key, double& out, double min, double max) {
    const auto found = node(key);
    if (!found) return;
    const auto text = scalar(*found, path_of(key), "a number", errors_);
    if (!text) return;
    double value = 0;
    if (!convert_whole(*text, value)) return errors_.add(path_of(key), "expected a number, got " + config::quoted(*text));
    if (!(value >= min && value <= max))
        return errors_.add(path_of(key), *text + " is out of range " + number_text(min) + ".." + number_text(max));
    out = value;
}

void YamlFields::text(std::string_view key, std::string& out) {
    if (const auto found = node(key)) {
        if (found->IsNull()) return out.clear();
        if (const auto value = scalar(*found, path_of(key), "a string", errors_)) out = *value;
    }
}

void YamlFields::flag(std::string_view key, bool& out) {
    const auto found = node(key);
    if (!found) return;
    bool value = false;
    if (!found->IsScalar() || !YAML::convert<bool>::decode(*found, value))
        return errors_.add(path_of(key), "expected true or false, got " + describe_node(*found));
    out = value;
}

void YamlFields::address(std::string_view key, net::IpAddress& out) {
    const auto found = node(key);
    if (!found) return;
    const auto text = scalar(*found, path_of(key), "an IP address", errors_);
    if (!text) return;
    if (const auto parsed = net::IpAddress::parse(*text)) out = *parsed;
    else errors_.add(path_of(key), config::quoted(*text) + " is not an IP address");
}

void YamlFields::mac(std::string_view key, std::optional<Mac>& out) {
    const auto found = node(key);
    if (!found || found->IsNull()) return;
    const auto text = scalar(*found, path_of(key), "a MAC address", errors_);
    if (!text) return;
    if (text->empty()) return out.reset();
    const auto value = parse_mac(*text);
    if (!value) return errors_.add(path_of(key), config::quoted(*text) + " is not a MAC address (aa:bb:cc:dd:ee:ff)");
    out = value;
}

void YamlFields::choice(std::string_view key, std::size_t& out, std::span<const std::string_view> names) {
    const auto found = node(key);
    if (!found) return;
    const auto text = scalar(*found, path_of(key), "a name", errors_);
    if (!text) return;
    const auto it = std::find(names.begin(), names.end(), *text);
    if (it != names.end()) return void(out = std::size_t(it - names.begin()));
    std::string list;
    for (std::string_view name : names) list += (list.empty() ? "" : ", ") + std::string(name);
    errors_.add(path_of(key), config::quoted(*text) + " is not one of " + list);
}

}  // namespace pb::pktgen
