// Unit tests for common/log/escape: every class of special byte, in JSON and
// in control-only mode, and UTF-8 validation.
#include "common/log/escape.hpp"

#include <gtest/gtest.h>

using namespace pb::log;
using namespace std::string_literals;

namespace {

std::string escaped(std::string_view text, Escaping escaping = Escaping::Json) {
    std::string out;
    append_escaped(out, text, escaping);
    return out;
}

}  // namespace

TEST(Escape, PlainAsciiPassesThrough) {
    EXPECT_EQ(escaped("node 42 joined: ok=1"), "node 42 joined: ok=1");
    EXPECT_EQ(escaped(""), "");
}

TEST(Escape, QuoteAndBackslashOnlyInJson) {
    EXPECT_EQ(escaped(R"(say "hi" \o/)"), R"(say \"hi\" \\o/)");
    EXPECT_EQ(escaped(R"(say "hi" \o/)", Escaping::ControlsOnly), R"(say "hi" \o/)");
}

TEST(Escape, ShortFormControls) {
    EXPECT_EQ(escaped("a\bb\fc\nd\re\tf"), R"(a\bb\fc\nd\re\tf)");
    EXPECT_EQ(escaped("line\nbreak", Escaping::ControlsOnly), R"(line\nbreak)");
}

TEST(Escape, OtherControlsAsUnicodeEscapes) {
    EXPECT_EQ(escaped("\x01\x1f\x7f"), R"(\u0001\u001f\u007f)");
    EXPECT_EQ(escaped("nul\0byte"s), R"(nul\u0000byte)");
    EXPECT_EQ(escaped("\x1b[31m", Escaping::ControlsOnly), R"(\u001b[31m)");
}

TEST(Escape, WellFormedUtf8PassesThrough) {
    const std::string text = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x9A\x80 \xF4\x8F\xBF\xBF";  // é € 🚀 U+10FFFF
    EXPECT_EQ(escaped(text), text);
    EXPECT_EQ(escaped(text, Escaping::ControlsOnly), text);
}

TEST(Escape, MalformedUtf8BecomesReplacementCharacters) {
    const std::string replacement = "\xEF\xBF\xBD";
    EXPECT_EQ(escaped("a\x80z"), "a" + replacement + "z");                     // lone continuation
    EXPECT_EQ(escaped("a\xC3"), "a" + replacement);                            // truncated at the end
    EXPECT_EQ(escaped("\xE2\x82z"), replacement + replacement + "z");          // truncated in the middle
    EXPECT_EQ(escaped("\xC0\xAF"), replacement + replacement);                 // overlong '/'
    EXPECT_EQ(escaped("\xE0\x80\xAF"), replacement + replacement + replacement);  // overlong, 3 bytes
    EXPECT_EQ(escaped("\xED\xA0\x80"), replacement + replacement + replacement);  // UTF-16 surrogate
    EXPECT_EQ(escaped("\xF4\x90\x80\x80"), replacement + replacement + replacement + replacement);  // > U+10FFFF
    EXPECT_EQ(escaped("\xFF"), replacement);
}
