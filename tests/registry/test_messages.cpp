// tests/registry/test_messages.cpp — request encoding and strict reply
// parsing, without a network.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "controlplane/registry/messages.hpp"

namespace pb::registry {
namespace {

namespace json = boost::json;

TEST(Messages, EncodesRequests) {
    EXPECT_EQ(register_request(7, "10.77.0.1:9001", ""),
              R"({"type":"beacon_register","beacon_id":7,"addr":"10.77.0.1:9001"})");
    EXPECT_EQ(register_request(4294967295u, "[fd77::1]:9001", "tok\"en"),
              R"({"type":"beacon_register","beacon_id":4294967295,"addr":"[fd77::1]:9001","admin_token":"tok\"en"})");
    EXPECT_EQ(list_request(), R"({"type":"beacon_list"})");
    EXPECT_EQ(lookup_request(5001), R"({"type":"lookup","node_id":5001})");
}

TEST(Messages, ParsesRegisterReplies) {
    EXPECT_TRUE(parse_register_reply(json::parse(R"({"type":"beacon_register_ok","beacon_id":7})"), 7).ok());
    EXPECT_TRUE(parse_register_reply(json::parse(R"({"type":"beacon_register_ok"})"), 7).ok());
    const Outcome rejected = parse_register_reply(json::parse(R"({"type":"error","error":"denied"})"), 7);
    EXPECT_EQ(rejected.failure, Failure::Rejected);
    EXPECT_EQ(rejected.detail, "denied");
    EXPECT_EQ(parse_register_reply(json::parse(R"([1,2])"), 7).failure, Failure::BadReply);
    EXPECT_EQ(parse_register_reply(json::parse(R"({"type":1})"), 7).failure, Failure::BadReply);
    EXPECT_EQ(parse_register_reply(json::parse(R"({"type":"beacon_register_ok","beacon_id":7.0})"), 7).failure,
              Failure::BadReply);
}

TEST(Messages, ParsesBeaconLists) {
    const auto parsed = parse_list_reply(json::parse(
        R"({"type":"beacon_list_ok","beacons":[{"id":8,"addr":"b8.example:9001","extra":true},{"id":9,"addr":""}]})"));
    ASSERT_TRUE(parsed.ok()) << parsed.outcome.detail;
    EXPECT_EQ(parsed.value, (std::vector<BeaconEntry>{{8, "b8.example:9001"}, {9, ""}}));
    EXPECT_TRUE(parse_list_reply(json::parse(R"({"type":"beacon_list_ok","beacons":[]})")).ok());
    EXPECT_EQ(parse_list_reply(json::parse(R"({"type":"error","error":"x"})")).outcome.failure, Failure::Rejected);
    EXPECT_EQ(parse_list_reply(json::parse(R"({"type":"beacon_list_ok","beacons":[{"id":4294967296,"addr":""}]})"))
                  .outcome.failure,
              Failure::BadReply);
}

TEST(Messages, ParsesLookupReplies) {
    const std::string key32 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";  // bytes 0..31
    const auto found =
        parse_lookup_reply(json::parse(R"({"type":"lookup_ok","node_id":5,"public_key":")" + key32 + "\"}"), 5);
    ASSERT_TRUE(found.ok()) << found.outcome.detail;
    for (size_t i = 0; i < found.value.size(); ++i) EXPECT_EQ(found.value[i], i);

    EXPECT_EQ(parse_lookup_reply(json::parse(R"({"type":"error","error":"not found"})"), 5).outcome.failure,
              Failure::NotFound);
    EXPECT_EQ(parse_lookup_reply(json::parse(R"({"type":"lookup_ok","node_id":5,"public_key":"!!"})"), 5)
                  .outcome.failure,
              Failure::BadKey);
    EXPECT_EQ(parse_lookup_reply(json::parse(R"({"type":"lookup_ok","node_id":5,"public_key":"AAAA"})"), 5)
                  .outcome.failure,
              Failure::BadKey);
    EXPECT_EQ(parse_lookup_reply(json::parse(R"({"type":"lookup_ok","node_id":5,"public_key":")" + key32 + "AAAA\"}"), 5)
                  .outcome.failure,
              Failure::BadKey);
    EXPECT_EQ(parse_lookup_reply(json::parse(R"({"type":"lookup_ok","public_key":")" + key32 + "\"}"), 5).outcome.failure,
              Failure::BadReply);
}

}  // namespace
}  // namespace pb::registry
