// pktgen/json_writer.hpp — a small streaming JSON writer for the report:
// objects, arrays, strings (escaped), integers, doubles (NaN and infinities
// become null). Commas and nesting are tracked; no pretty-printing beyond
// one space after separators.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pb::pktgen {

class JsonWriter {
public:
    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }
    JsonWriter& key(std::string_view name);
    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(uint64_t number);
    JsonWriter& value(double number);
    JsonWriter& value(bool flag);
    // key(name).value(v)
    template <class T>
    JsonWriter& field(std::string_view name, const T& v) {
        return key(name).value(v);
    }
    const std::string& text() const { return out_; }

private:
    void separate();
    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);

    std::string out_;
    std::vector<bool> first_;  // per open container: nothing written in it yet
    bool after_key_ = false;
};

}  // namespace pb::pktgen
