// common/config/errors.cpp — formatting and collecting configuration errors.
#include "common/config/errors.hpp"

#include <algorithm>

namespace pb::config {

std::string ConfigError::to_string() const { return path.empty() ? message : path + ": " + message; }

std::string render_errors(std::span<const ConfigError> errors, std::string_view prefix) {
    std::string out;
    for (const auto& e : errors) {
        out += prefix;
        out += e.to_string();
        out += '\n';
    }
    return out;
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

bool path_within(std::string_view path, std::string_view prefix) {
    if (prefix.empty()) return true;
    if (!path.starts_with(prefix)) return false;
    return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

void ErrorList::add(std::string path, std::string message) {
    // The innermost origin that covers the path (set_origin keeps paths unique).
    const std::string* origin = nullptr;
    size_t best = 0;
    for (const auto& [at, from] : origins_) {
        if (path_within(path, at) && (!origin || at.size() > best)) {
            origin = &from;
            best = at.size();
        }
    }
    if (origin) return add(std::move(path), std::move(message), *origin);
    errors_.push_back({std::move(path), std::move(message)});
}

void ErrorList::add(std::string path, std::string message, std::string_view origin) {
    message += " (from ";
    message += origin;
    message += ')';
    errors_.push_back({std::move(path), std::move(message)});
}

void ErrorList::set_origin(const std::string& path, std::string origin) {
    // A value set here replaces whatever options set below it.
    std::erase_if(origins_, [&](const auto& entry) { return path_within(entry.first, path); });
    origins_.emplace_back(path, std::move(origin));
}

bool ErrorList::has_error_affecting(std::string_view path) const {
    return std::any_of(errors_.begin(), errors_.end(), [&](const ConfigError& e) {
        return path_within(e.path, path) || path_within(path, e.path);
    });
}

}  // namespace pb::config
