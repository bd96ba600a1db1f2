// Unit tests for the STUN Binding server codec (common/wire/stun.hpp):
// RFC 5769's official messages, replies byte for byte, what is answered,
// consumed or dropped, the reflection bound, and CRC-32.
#include "common/wire/stun.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "common/wire/crc32.hpp"
#include "tests/unit/wire/stun_vectors.hpp"
#include "tests/unit/wire/wire_test_support.hpp"

namespace pb::wire::stun {

void PrintTo(Action action, std::ostream* out) { *out << int(action); }

namespace test {
namespace {

using namespace golden;
using wire::test::bytes_of;
using Bytes = std::vector<uint8_t>;
using View = std::span<const uint8_t>;

const net::Endpoint kRfcV4{*net::IpAddress::parse("192.0.2.1"), 32853};
const net::Endpoint kRfcV6{*net::IpAddress::parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853};

void append_be16(Bytes& out, uint16_t value) {
    out.push_back(uint8_t(value >> 8));
    out.push_back(uint8_t(value));
}

TransactionId rfc_transaction_id() {
    TransactionId id;
    std::copy(std::begin(kStunTransactionId), std::end(kStunTransactionId), id.begin());
    return id;
}

// The reply to `request` from `mapped`, written over a copy of the request
// as the dataplane does.
Bytes reply_in_place(std::span<const uint8_t> request, const net::Endpoint& mapped) {
    const Inspection inspection = inspect(request);
    EXPECT_TRUE(inspection.replies()) << "action " << int(inspection.action);
    Bytes buffer = bytes_of(request);
    const std::size_t size = reply_size(inspection, mapped.address.family);
    buffer.resize(std::max(buffer.size(), size));
    write_reply(buffer, inspection, mapped);
    buffer.resize(size);
    return buffer;
}

// A Binding request with the given attributes (type, value), each padded,
// optionally ending with a valid FINGERPRINT.
Bytes request_with(std::initializer_list<std::pair<uint16_t, Bytes>> attributes, bool with_fingerprint = false) {
    Bytes message(std::begin(kStunBindingRequest), std::end(kStunBindingRequest));
    for (const auto& [type, value] : attributes) {
        append_be16(message, type);
        append_be16(message, uint16_t(value.size()));
        message.insert(message.end(), value.begin(), value.end());
        message.resize((message.size() + 3) & ~std::size_t{3}, 0);
    }
    const std::size_t fingerprint_at = message.size();
    store_be<uint16_t>(&message[2], uint16_t(message.size() - kHeaderSize +
                                             (with_fingerprint ? kFingerprintAttributeSize : 0)));
    if (with_fingerprint) {
        append_be16(message, attr::kFingerprint);
        append_be16(message, 4);
        const uint32_t value = fingerprint(std::span(message).first(fingerprint_at));
        message.resize(message.size() + 4);
        store_be<uint32_t>(&message[message.size() - 4], value);
    }
    return message;
}

TEST(Crc32, CheckValue) {
    const std::string_view check = "123456789";
    EXPECT_EQ(crc32(std::span(reinterpret_cast<const uint8_t*>(check.data()), check.size())), 0xCBF43926u);
}

// ---- RFC 5769

TEST(StunRfc5769, SampleRequestFingerprintVerifiesAndIsRefusedWith400) {
    const Inspection request = inspect(kStunRfc5769Request);
    EXPECT_EQ(request.action, Action::ReplyBadRequest) << "it carries MESSAGE-INTEGRITY; we hold no credentials";
    EXPECT_TRUE(request.fingerprint);
    EXPECT_EQ(request.transaction_id, rfc_transaction_id());
    EXPECT_EQ(reply_in_place(kStunRfc5769Request, kRfcV4), bytes_of(kStunBadRequestReply));
}

TEST(StunRfc5769, SampleResponsesAreWellFormedButNotAnswered) {
    for (View response : {View(kStunRfc5769ResponseV4), View(kStunRfc5769ResponseV6)}) {
        const Inspection inspection = inspect(response);
        EXPECT_EQ(inspection.action, Action::DropUnsupported);
        EXPECT_TRUE(inspection.fingerprint);
    }
}

TEST(StunRfc5769, ChangingAnyByteBeforeTheFingerprintBreaksIt) {
    const std::size_t covered = sizeof kStunRfc5769ResponseV4 - kFingerprintAttributeSize;
    for (std::size_t at = kHeaderSize; at < covered; ++at) {
        Bytes changed = bytes_of(kStunRfc5769ResponseV4);
        changed[at] ^= 0x01;
        const Action action = inspect(changed).action;
        EXPECT_TRUE(action == Action::DropBadFingerprint || action == Action::DropMalformed) << "byte " << at;
    }
}

TEST(StunRfc5769, XorMappedAddressesDecode) {
    const auto v4 = find_attribute(kStunRfc5769ResponseV4, attr::kXorMappedAddress);
    const auto v6 = find_attribute(kStunRfc5769ResponseV6, attr::kXorMappedAddress);
    ASSERT_TRUE(v4 && v6);
    EXPECT_EQ(read_xor_address(*v4, rfc_transaction_id()), kRfcV4);
    EXPECT_EQ(read_xor_address(*v6, rfc_transaction_id()), kRfcV6);
}

TEST(StunRfc5769, OurXorMappedAddressesAreTheSamplesBytes) {
    for (const auto& [mapped, sample] : {std::pair{kRfcV4, View(kStunRfc5769ResponseV4)},
                                         std::pair{kRfcV6, View(kStunRfc5769ResponseV6)}}) {
        const Bytes ours = reply_in_place(kStunBindingRequest, mapped);
        const auto written = find_attribute(ours, attr::kXorMappedAddress);
        const auto expected = find_attribute(sample, attr::kXorMappedAddress);
        ASSERT_TRUE(written && expected);
        EXPECT_EQ(bytes_of(*written), bytes_of(*expected)) << mapped.address.to_string();
    }
}

// ---- replies, byte for byte

TEST(StunReply, SuccessV4) { EXPECT_EQ(reply_in_place(kStunBindingRequest, kRfcV4), bytes_of(kStunSuccessV4)); }

TEST(StunReply, SuccessV4WithFingerprint) {
    EXPECT_EQ(reply_in_place(kStunBindingRequestWithFingerprint, kRfcV4), bytes_of(kStunSuccessV4WithFingerprint));
}

TEST(StunReply, SuccessV6WithFingerprint) {
    EXPECT_EQ(reply_in_place(kStunBindingRequestWithFingerprint, kRfcV6), bytes_of(kStunSuccessV6WithFingerprint));
}

TEST(StunReply, ComprehensionOptionalAttributesAreIgnored) {
    EXPECT_EQ(reply_in_place(kStunBindingRequestWithOptional, kRfcV4), bytes_of(kStunSuccessV4WithFingerprint));
}

TEST(StunReply, UnknownComprehensionRequiredAttributeGets420) {
    EXPECT_EQ(inspect(kStunRequestChangeRequest).action, Action::ReplyUnknownAttribute);
    EXPECT_EQ(reply_in_place(kStunRequestChangeRequest, kRfcV4), bytes_of(kStunUnknownAttributeReply));
}

TEST(StunReply, FingerprintIffTheRequestHadOne) {
    for (View request : {View(kStunBindingRequest), View(kStunBindingRequestWithFingerprint)}) {
        const bool asked = inspect(request).fingerprint;
        EXPECT_EQ(asked, request.size() > kHeaderSize);
        EXPECT_EQ(find_attribute(reply_in_place(request, kRfcV6), attr::kFingerprint).has_value(), asked);
    }
}

TEST(StunReply, RepliesAreWellFormedStunWhoseFingerprintVerifies) {
    for (View request :
         {View(kStunBindingRequestWithFingerprint), View(kStunRequestChangeRequest),
          View(kStunRfc5769Request)}) {
        for (const net::Endpoint& mapped : {kRfcV4, kRfcV6}) {
            const Inspection reply = inspect(reply_in_place(request, mapped));
            EXPECT_EQ(reply.action, Action::DropUnsupported) << "a response, whose header and attributes check out";
            EXPECT_TRUE(reply.fingerprint);
        }
    }
}

// ---- what a request asks

TEST(StunRequest, UsernameWithoutIntegrityIsAnsweredNormally) {
    EXPECT_EQ(inspect(request_with({{attr::kUsername, Bytes{'u', 's', 'e', 'r'}}})).action, Action::ReplySuccess);
}

TEST(StunRequest, IntegritySha256AlsoGets400) {
    EXPECT_EQ(inspect(request_with({{attr::kMessageIntegritySha256, Bytes(32, 0xAB)}}, true)).action,
              Action::ReplyBadRequest);
}

TEST(StunRequest, UnknownAttributesAfterIntegrityAreIgnored) {
    const Inspection request = inspect(request_with({{attr::kMessageIntegrity, Bytes(20, 0)}, {0x0003, Bytes(4, 0)}}));
    EXPECT_EQ(request.action, Action::ReplyBadRequest);
    EXPECT_EQ(request.unknown_count, 0);
}

TEST(StunRequest, The420ListsTheFirstSixteenUnknownAttributes) {
    Bytes request = request_with({});
    for (uint16_t type = 0x7F00; type < 0x7F00 + kMaxUnknownListed + 1; ++type) {
        append_be16(request, type);
        append_be16(request, 0);
    }
    store_be<uint16_t>(&request[2], uint16_t(request.size() - kHeaderSize));
    const Inspection inspection = inspect(request);
    ASSERT_EQ(inspection.action, Action::ReplyUnknownAttribute);
    ASSERT_EQ(inspection.unknown_count, kMaxUnknownListed);
    const Bytes reply = reply_in_place(request, kRfcV6);
    const auto listed = find_attribute(reply, attr::kUnknownAttributes);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), kMaxUnknownListed * 2);
    for (std::size_t i = 0; i < kMaxUnknownListed; ++i) EXPECT_EQ(load_be<uint16_t>(&(*listed)[i * 2]), 0x7F00 + i);
    EXPECT_LE(reply.size(), request.size());
}

TEST(StunRequest, ReflectionBound) {
    // The worst case: one empty unknown attribute (24 bytes) → a 420 of 56.
    const Bytes worst = request_with({{0x7FFF, Bytes{}}});
    ASSERT_EQ(worst.size(), 24u);
    EXPECT_EQ(reply_in_place(worst, kRfcV4).size(), worst.size() + kMaxReplyGrowth);
    const Bytes integrity = request_with({{attr::kMessageIntegrity, Bytes{}}});
    for (View request : {View(kStunBindingRequest), View(kStunBindingRequestWithFingerprint),
                         View(kStunRequestChangeRequest), View(kStunRfc5769Request), View(integrity)}) {
        for (const net::Family family : {net::Family::V4, net::Family::V6})
            EXPECT_LE(reply_size(inspect(request), family), request.size() + kMaxReplyGrowth);
    }
}

// ---- consumed and dropped

struct DropCase {
    std::string_view name;
    std::span<const uint8_t> datagram;
    Action action;
};

class StunNotAnswered : public ::testing::TestWithParam<DropCase> {};

TEST_P(StunNotAnswered, HasItsAction) {
    const Inspection inspection = inspect(GetParam().datagram);
    EXPECT_EQ(inspection.action, GetParam().action);
    EXPECT_FALSE(inspection.replies());
}

const DropCase kDropCases[] = {
    {"indication", kStunBindingIndication, Action::ConsumeIndication},
    {"allocate_request", kStunAllocateRequest, Action::DropUnsupported},
    {"success_response", kStunSuccessV4, Action::DropUnsupported},
    {"error_response", kStunUnknownAttributeReply, Action::DropUnsupported},
    {"empty", {}, Action::DropMalformed},
    {"too_short", kStunTooShort, Action::DropMalformed},
    {"top_bits_set", kStunTopBitsSet, Action::DropMalformed},
    {"classic_rfc3489", kStunClassic, Action::DropNoCookie},
    {"length_not_multiple_of_4", kStunLengthNotMultipleOf4, Action::DropMalformed},
    {"length_beyond_datagram", kStunLengthBeyondDatagram, Action::DropMalformed},
    {"datagram_beyond_length", kStunDatagramBeyondLength, Action::DropMalformed},
    {"attribute_overrun", kStunAttributeOverrun, Action::DropMalformed},
    {"wrong_fingerprint", kStunWrongFingerprint, Action::DropBadFingerprint},
    {"fingerprint_not_last", kStunFingerprintNotLast, Action::DropBadFingerprint},
    {"fingerprint_wrong_size", kStunFingerprintWrongSize, Action::DropBadFingerprint},
};
INSTANTIATE_TEST_SUITE_P(Shapes, StunNotAnswered, ::testing::ValuesIn(kDropCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(StunNotAnswered, EveryTruncationOfARequestIsMalformed) {
    for (std::size_t size = 0; size < sizeof kStunRfc5769Request; ++size)
        EXPECT_EQ(inspect(std::span(kStunRfc5769Request).first(size)).action, Action::DropMalformed) << size;
}

TEST(StunXorAddress, RejectsUnknownFamiliesAndWrongSizes) {
    const auto v4 = find_attribute(kStunRfc5769ResponseV4, attr::kXorMappedAddress);
    ASSERT_TRUE(v4);
    Bytes value = bytes_of(*v4);
    EXPECT_FALSE(read_xor_address(std::span(value).first(7), rfc_transaction_id()));
    value[1] = 0x02;  // IPv6 with an IPv4-sized value
    EXPECT_FALSE(read_xor_address(value, rfc_transaction_id()));
    value[1] = 0x03;
    EXPECT_FALSE(read_xor_address(value, rfc_transaction_id()));
}

}  // namespace
}  // namespace test
}  // namespace pb::wire::stun
