// common/config/loader.cpp — the stages in order: read, parse, override,
// decode, validate; errors from all of them are collected.
#include "common/config/loader.hpp"

#include "common/config/decode.hpp"
#include "common/config/validate.hpp"
#include "common/config/yaml_tree.hpp"

namespace pb::config {

LoadResult load(const CommandLine& command_line) {
    if (!command_line.config_file) return load_yaml_text("", command_line);
    ErrorList errors;
    auto text = read_file(*command_line.config_file, errors);
    if (!text) return {Config{}, std::move(errors).take()};
    return load_yaml_text(*text, command_line, *command_line.config_file);
}

LoadResult load_yaml_text(std::string_view yaml, const CommandLine& command_line, std::string_view source) {
    ErrorList errors;
    LoadResult result;
    if (auto tree = parse_yaml(yaml, source, errors)) {
        apply_overrides(*tree, command_line.overrides, errors);
        result.config = decode(*tree, errors);
        validate(result.config, command_line.listen_host, errors);
    }
    result.errors = std::move(errors).take();
    return result;
}

}  // namespace pb::config
