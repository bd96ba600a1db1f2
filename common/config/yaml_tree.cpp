// common/config/yaml_tree.cpp — reading, parsing and overriding the YAML tree.
#include "common/config/yaml_tree.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace pb::config {

namespace {

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    for (size_t start = 0;;) {
        size_t end = text.find(separator, start);
        parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

std::string trim(std::string_view s) {
    const char* blank = " \t";
    size_t first = s.find_first_not_of(blank);
    if (first == std::string_view::npos) return {};
    return std::string(s.substr(first, s.find_last_not_of(blank) - first + 1));
}

// The YAML value an override stands for; nullopt after reporting an error.
std::optional<YAML::Node> value_node(const Override& o, ErrorList& errors) {
    switch (o.kind) {
        case ValueKind::Scalar: return YAML::Node(o.value);
        case ValueKind::List: {
            YAML::Node list(YAML::NodeType::Sequence);
            for (const auto& part : split(o.value, ','))
                if (auto item = trim(part); !item.empty()) list.push_back(item);
            return list;
        }
        case ValueKind::Yaml: break;
    }
    try {
        return YAML::Load(o.value);
    } catch (const YAML::Exception& e) {
        errors.add(o.path, "value " + quoted(o.value) + " is not valid YAML: " + e.msg, o.origin);
        return std::nullopt;
    }
}

std::string_view kind_name(const YAML::Node& node) { return node.IsSequence() ? "a list" : "a scalar"; }

void apply_one(YAML::Node& root, const Override& o, ErrorList& errors) {
    auto keys = split(o.path, '.');
    if (std::any_of(keys.begin(), keys.end(), [](const std::string& k) { return k.empty(); }))
        return errors.add(o.path, "invalid key path", o.origin);
    auto value = value_node(o, errors);
    if (!value) return;
    if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
    if (!root.IsMap()) return;  // the decoder reports the top level
    YAML::Node map;
    map.reset(root);
    std::string walked;
    for (size_t i = 0; i + 1 < keys.size(); ++i) {
        walked += (i ? "." : "") + keys[i];
        YAML::Node next = map[keys[i]];
        if (!next.IsDefined() || next.IsNull())
            next = YAML::Node(YAML::NodeType::Map);  // assigning through the handle inserts it
        else if (!next.IsMap())
            return errors.add(o.path, "cannot set: " + walked + " is " + std::string(kind_name(next)) + ", not a map",
                              o.origin);
        map.reset(next);
    }
    map[keys.back()] = *value;
    errors.set_origin(o.path, o.origin);
}

}  // namespace

std::optional<std::string> read_file(const std::string& path, ErrorList& errors) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    std::string text;
    if (file) {
        char buffer[65536];
        size_t n;
        while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
        if (!std::ferror(file.get())) return text;
    }
    errors.add("", path + ": cannot read: " + std::strerror(errno));
    return std::nullopt;
}

std::optional<YAML::Node> parse_yaml(std::string_view text, std::string_view source, ErrorList& errors) {
    try {
        return YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        errors.add("", std::string(source) + ":" + std::to_string(e.mark.line + 1) + ":" +
                           std::to_string(e.mark.column + 1) + ": YAML syntax error: " + e.msg);
        return std::nullopt;
    }
}

void apply_overrides(YAML::Node& root, std::span<const Override> overrides, ErrorList& errors) {
    for (const auto& o : overrides) apply_one(root, o, errors);
}

}  // namespace pb::config
