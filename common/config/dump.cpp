// common/config/dump.cpp — the Visitor that writes Config back as YAML.
#include "common/config/dump.hpp"

#include <yaml-cpp/yaml.h>

#include "common/config/schema.hpp"

namespace pb::config {

namespace {

class Dumper final : public Visitor {
public:
    explicit Dumper(YAML::Emitter& out) : out_(out) {}

    void section(std::string_view key, const std::function<void()>& body) override {
        out_ << YAML::Key << std::string(key) << YAML::Value << YAML::BeginMap;
        body();
        out_ << YAML::EndMap;
    }
    void text(std::string_view key, std::string& value, TextRule) override { emit(key, value); }
    void text_list(std::string_view key, std::vector<std::string>& value, TextRule) override {
        out_ << YAML::Key << std::string(key) << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const auto& item : value) out_ << YAML::DoubleQuoted << item;
        out_ << YAML::EndSeq;
    }
    void boolean(std::string_view key, bool& value) override {
        out_ << YAML::Key << std::string(key) << YAML::Value << YAML::TrueFalseBool << value;
    }
    void integer(std::string_view key, uint64_t& value, Range) override {
        out_ << YAML::Key << std::string(key) << YAML::Value << value;
    }
    void choice(std::string_view key, size_t& index, std::span<const std::string_view> names) override {
        out_ << YAML::Key << std::string(key) << YAML::Value << std::string(names[index]);
    }
    void prefix(std::string_view key, std::optional<net::IpPrefix>& value, net::Family) override {
        emit(key, value ? value->to_string() : "");
    }
    void address(std::string_view key, std::optional<net::IpAddress>& value, net::Family) override {
        emit(key, value ? value->to_string() : "");
    }

private:
    void emit(std::string_view key, const std::string& value) {
        out_ << YAML::Key << std::string(key) << YAML::Value << YAML::DoubleQuoted << value;
    }
    YAML::Emitter& out_;
};

}  // namespace

std::string to_yaml(const Config& config) {
    Config copy = config;  // the schema walks mutable references
    YAML::Emitter out;
    out << YAML::BeginMap;
    Dumper dumper(out);
    visit(dumper, copy);
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace pb::config
