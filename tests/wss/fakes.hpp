// tests/wss/fakes.hpp — stand-ins for the bridge's seams: a UdpOut that
// records what would go on the wire, a Link that records what would be
// written to a peer, the shared tables of one beacon; and the two relay
// messages the tests build.
#pragma once

#include <cstring>
#include <vector>

#include "common/tables/node_table.hpp"
#include "common/wire/byte_order.hpp"
#include "common/tables/window_limiter.hpp"
#include "controlplane/wss/link.hpp"
#include "controlplane/wss/relay_router.hpp"
#include "controlplane/wss/udp_out.hpp"

namespace pb::test {

struct SentDatagram {
    tables::NodeEndpoint to;
    std::vector<uint8_t> message;
};

class FakeUdpOut final : public cp::wss::UdpOut {
public:
    cp::wss::UdpResult send(const tables::NodeEndpoint& to, std::span<const uint8_t> head,
                            std::span<const uint8_t> body) override {
        if (result != cp::wss::UdpResult::Sent) return result;
        SentDatagram d{to, std::vector<uint8_t>(head.begin(), head.end())};
        d.message.insert(d.message.end(), body.begin(), body.end());
        sent.push_back(std::move(d));
        return result;
    }
    std::vector<SentDatagram> sent;
    cp::wss::UdpResult result = cp::wss::UdpResult::Sent;
};

class FakeLink final : public cp::wss::Link {
public:
    cp::wss::Queued send(std::vector<uint8_t> frame) override {
        if (answer == cp::wss::Queued::Yes) frames.push_back(std::move(frame));
        return answer;
    }
    void replace() override { ++replaced; }
    void abort() override { ++aborted; }
    std::vector<std::vector<uint8_t>> frames;
    cp::wss::Queued answer = cp::wss::Queued::Yes;
    int replaced = 0;
    int aborted = 0;
};

// The tables of dp::BeaconState, small.
struct TestTables {
    static constexpr uint64_t kSecondNs = 1'000'000'000ull;
    explicit TestTables(uint32_t relay_per_s = 4000)
        : relay_budget(1024, relay_per_s, kSecondNs, 300 * kSecondNs, 1) {}
    tables::NodeTable wss_peers{1024};
    tables::NodeTable nodes{1024};
    tables::NodeTable peer_nodes{1024};
    tables::WindowLimiter relay_budget;
    uint64_t now_ns = 5 * kSecondNs;
};

inline tables::NodeEndpoint endpoint(const char* ip, uint16_t port, uint8_t mac_tail = 1) {
    return {*net::IpAddress::parse(ip), port, {2, 0, 0, 0, 0, mac_tail}};
}

// Relay (0x05 sender dest payload) and RelayDeliver (0x06 sender payload).
inline std::vector<uint8_t> relay_message(uint32_t sender, uint32_t dest, const std::vector<uint8_t>& payload) {
    std::vector<uint8_t> m(9 + payload.size());
    m[0] = 0x05;
    wire::store_be<uint32_t>(m.data() + 1, sender);
    wire::store_be<uint32_t>(m.data() + 5, dest);
    if (!payload.empty()) std::memcpy(m.data() + 9, payload.data(), payload.size());
    return m;
}
inline std::vector<uint8_t> deliver_message(uint32_t sender, const std::vector<uint8_t>& payload) {
    return cp::wss::relay_deliver_frame(sender, payload);
}

}  // namespace pb::test
