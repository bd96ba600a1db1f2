// Unit tests for common/net: address, prefix and endpoint text forms.
#include "common/net/ip_address.hpp"

#include <gtest/gtest.h>

using namespace pb::net;

TEST(IpAddress, ParsesAndFormatsBothFamilies) {
    auto v4 = IpAddress::parse("10.77.0.1");
    ASSERT_TRUE(v4);
    EXPECT_TRUE(v4->is_v4());
    EXPECT_EQ(v4->v4_host_order(), 0x0a4d0001u);
    EXPECT_EQ(v4->to_string(), "10.77.0.1");
    auto v6 = IpAddress::parse("fd77::1");
    ASSERT_TRUE(v6);
    EXPECT_FALSE(v6->is_v4());
    EXPECT_EQ(v6->wire_length(), 16);
    EXPECT_EQ(v6->to_string(), "fd77::1");
    EXPECT_FALSE(IpAddress::parse(""));
    EXPECT_FALSE(IpAddress::parse("10.0.0.256"));
    EXPECT_FALSE(IpAddress::parse("host.example"));
}

TEST(IpAddress, UnmapsV4MappedV6) {
    auto mapped = IpAddress::parse("::ffff:192.0.2.7");
    ASSERT_TRUE(mapped);
    EXPECT_TRUE(mapped->is_v4_mapped());
    EXPECT_EQ(mapped->unmapped(), *IpAddress::parse("192.0.2.7"));
    EXPECT_EQ(IpAddress::parse("fd77::1")->unmapped(), *IpAddress::parse("fd77::1"));
}

TEST(IpPrefix, ParsesAndContains) {
    auto p = IpPrefix::parse("10.77.0.1/24");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->length, 24);
    EXPECT_TRUE(p->contains(*IpAddress::parse("10.77.0.200")));
    EXPECT_FALSE(p->contains(*IpAddress::parse("10.77.1.1")));
    EXPECT_FALSE(p->contains(*IpAddress::parse("fd77::1")));
    auto p6 = IpPrefix::parse("fd77::1/64");
    ASSERT_TRUE(p6);
    EXPECT_TRUE(p6->contains(*IpAddress::parse("fd77::abcd")));
    auto odd = IpPrefix::parse("10.0.0.0/9");
    ASSERT_TRUE(odd);
    EXPECT_TRUE(odd->contains(*IpAddress::parse("10.127.0.1")));
    EXPECT_FALSE(odd->contains(*IpAddress::parse("10.128.0.1")));
    EXPECT_FALSE(IpPrefix::parse("10.0.0.1"));
    EXPECT_FALSE(IpPrefix::parse("10.0.0.1/33"));
    EXPECT_FALSE(IpPrefix::parse("fd77::1/129"));
    EXPECT_FALSE(IpPrefix::parse("10.0.0.1/x"));
}

TEST(Endpoint, ParsesHostPortForms) {
    auto e = Endpoint::parse("127.0.0.1:9001");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->port, 9001);
    EXPECT_EQ(e->to_string(), "127.0.0.1:9001");
    auto e6 = Endpoint::parse("[fd77::1]:9001");
    ASSERT_TRUE(e6);
    EXPECT_EQ(e6->to_string(), "[fd77::1]:9001");
    auto any = Endpoint::parse(":8080");
    ASSERT_TRUE(any);
    EXPECT_TRUE(any->address.is_unspecified());
    EXPECT_FALSE(Endpoint::parse("127.0.0.1"));
    EXPECT_FALSE(Endpoint::parse("127.0.0.1:0"));
    EXPECT_FALSE(Endpoint::parse("127.0.0.1:65536"));
    EXPECT_FALSE(Endpoint::parse("fd77::1:9001"));
    EXPECT_FALSE(Endpoint::parse("name.example:9001"));
    auto hp = HostPort::parse("registry.example:9000");
    ASSERT_TRUE(hp);
    EXPECT_EQ(hp->host, "registry.example");
    EXPECT_EQ(hp->port, 9000);
}
