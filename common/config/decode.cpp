// common/config/decode.cpp — the Visitor that reads a YAML tree into Config,
// reporting every problem with its dotted key path.
#include "common/config/decode.hpp"

#include <algorithm>
#include <bit>
#include <charconv>

#include "common/config/schema.hpp"

namespace pb::config {

namespace {

std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: return "a map";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Scalar: return quoted(node.Scalar());
        default: return "an empty value";
    }
}

std::string expected(std::string_view what, const YAML::Node& got) {
    return "expected " + std::string(what) + ", got " + describe(got);
}

std::string join(std::string_view path, std::string_view key) {
    return path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
}

std::string_view family_name(net::Family f) { return f == net::Family::V4 ? "IPv4" : "IPv6"; }
net::Family family_of(const net::IpAddress& a) { return a.family; }
net::Family family_of(const net::IpPrefix& p) { return p.address.family; }

class Decoder final : public Visitor {
public:
    explicit Decoder(ErrorList& errors) : errors_(errors) {}

    void decode_root(const YAML::Node& root, Config& config) {
        if (root.IsNull()) return;  // empty file: all defaults
        if (!root.IsMap()) {
            errors_.add("", expected("a map of sections (dpdk, port, beacon, ...) at the top level", root));
            return;
        }
        in_map(root, "", [&] { visit(*this, config); });
    }

    void section(std::string_view key, const std::function<void()>& body) override {
        auto node = lookup(key);
        if (!node || node->IsNull()) return;  // absent or "key:" alone: defaults
        std::string path = join(path_(), key);
        if (!node->IsMap()) return errors_.add(path, expected("a map", *node));
        in_map(*node, path, body);
    }

    void text(std::string_view key, std::string& value, TextRule rule) override {
        with_scalar(key, "a string", [&](const std::string& s, const std::string& path) {
            if (checked(s, path, rule)) value = s;
        });
    }

    void text_list(std::string_view key, std::vector<std::string>& value, TextRule rule) override {
        auto node = lookup(key);
        if (!node) return;
        std::string path = join(path_(), key);
        if (node->IsNull()) return value.clear();
        if (!node->IsSequence()) return errors_.add(path, expected("a list", *node));
        std::vector<std::string> items;
        for (size_t i = 0; i < node->size(); ++i) {
            std::string item_path = path + "[" + std::to_string(i) + "]";
            auto s = scalar_text((*node)[i], item_path, "a string");
            if (s && checked(*s, item_path, rule)) items.push_back(*s);
        }
        if (items.size() == node->size()) value = std::move(items);
    }

    void boolean(std::string_view key, bool& value) override {
        with_scalar(key, "true or false", [&](const std::string& s, const std::string& path) {
            if (!YAML::convert<bool>::decode(YAML::Node(s), value))
                errors_.add(path, "expected true or false, got " + quoted(s));
        });
    }

    void integer(std::string_view key, uint64_t& value, Range range) override {
        with_scalar(key, "an integer", [&](const std::string& s, const std::string& path) {
            int64_t n = 0;
            auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
            if (ec == std::errc() && end != s.data() + s.size()) ec = std::errc::invalid_argument;
            if (ec == std::errc::invalid_argument) return errors_.add(path, "expected an integer, got " + quoted(s));
            if (ec != std::errc() || n < 0 || uint64_t(n) < range.min || uint64_t(n) > range.max)
                return errors_.add(path, s + " is out of range " + std::to_string(range.min) + ".." +
                                             std::to_string(range.max));
            if (range.power_of_two && !std::has_single_bit(uint64_t(n)))
                return errors_.add(path, s + " is not a power of two");
            value = uint64_t(n);
        });
    }

    void choice(std::string_view key, size_t& index, std::span<const std::string_view> names) override {
        with_scalar(key, "a name", [&](const std::string& s, const std::string& path) {
            auto it = std::find(names.begin(), names.end(), s);
            if (it != names.end()) return void(index = size_t(it - names.begin()));
            std::string list;
            for (auto name : names) list += (list.empty() ? "" : ", ") + std::string(name);
            errors_.add(path, quoted(s) + " is not one of " + list);
        });
    }

    void prefix(std::string_view key, std::optional<net::IpPrefix>& value, net::Family family) override {
        ip_value(key, value, family, "prefix (address/length, e.g. 10.0.0.1/24 or fd00::1/64)");
    }

    void address(std::string_view key, std::optional<net::IpAddress>& value, net::Family family) override {
        ip_value(key, value, family, "address");
    }

private:
    struct Frame {
        YAML::Node node;
        std::string path;
        std::vector<std::string_view> known;  // keys the schema looked up here
    };

    const std::string& path_() const { return frames_.back().path; }

    // Visits the keys of `map`, then reports the keys nobody asked for.
    void in_map(const YAML::Node& map, std::string path, const std::function<void()>& body) {
        frames_.push_back({map, std::move(path), {}});
        body();
        const Frame& frame = frames_.back();
        std::vector<std::string> seen;
        for (const auto& entry : frame.node) {
            if (!entry.first.IsScalar()) {
                errors_.add(frame.path, expected("scalar keys", entry.first));
                continue;
            }
            const std::string& key = entry.first.Scalar();
            std::string key_path = join(frame.path, key);
            if (std::find(seen.begin(), seen.end(), key) != seen.end())
                errors_.add(key_path, "duplicate key");
            else if (std::find(frame.known.begin(), frame.known.end(), key) == frame.known.end())
                errors_.add(key_path, "unknown key");
            seen.push_back(key);
        }
        frames_.pop_back();
    }

    std::optional<YAML::Node> lookup(std::string_view key) {
        Frame& frame = frames_.back();
        frame.known.push_back(key);
        const YAML::Node& map = frame.node;
        YAML::Node node = map[std::string(key)];
        if (!node.IsDefined()) return std::nullopt;
        return node;
    }

    // The text of a scalar ("" for an empty value), or an error naming `what` was expected.
    std::optional<std::string> scalar_text(const YAML::Node& node, const std::string& path, std::string_view what) {
        if (node.IsScalar()) return node.Scalar();
        if (node.IsNull()) return std::string();
        errors_.add(path, expected(what, node));
        return std::nullopt;
    }

    // Looks `key` up; when present and a scalar, hands its text and path to `use`.
    template <class Use>
    void with_scalar(std::string_view key, std::string_view what, Use&& use) {
        auto node = lookup(key);
        if (!node) return;
        std::string path = join(path_(), key);
        if (auto s = scalar_text(*node, path, what)) use(*s, path);
    }

    bool checked(const std::string& value, const std::string& path, TextRule rule) {
        if (!rule) return true;
        auto problem = rule(value);
        if (problem) errors_.add(path, std::move(*problem));
        return !problem;
    }

    // An IpAddress or IpPrefix of `family`; "" or an empty value = unset.
    template <class T>
    void ip_value(std::string_view key, std::optional<T>& value, net::Family family, std::string_view what) {
        with_scalar(key, "an IP address", [&](const std::string& s, const std::string& path) {
            if (s.empty()) return value.reset();
            auto parsed = T::parse(s);
            if (!parsed) return errors_.add(path, quoted(s) + " is not an IP " + std::string(what));
            if (family_of(*parsed) != family)
                return errors_.add(path, quoted(s) + " is " + std::string(family_name(family_of(*parsed))) +
                                             ", expected " + std::string(family_name(family)));
            value = parsed;
        });
    }

    ErrorList& errors_;
    std::vector<Frame> frames_;
};

}  // namespace

Config decode(const YAML::Node& root, ErrorList& errors) {
    Config config;
    Decoder(errors).decode_root(root, config);
    return config;
}

}  // namespace pb::config
