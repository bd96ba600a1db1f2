// tests/unit/frag/frag_test_support.hpp — shared harness of the frag tests:
// the EAL (one per process, see the .cpp), a fixture with mempools that must
// be full again after every test, and builders for whole UDP datagrams
// (known payload pattern) and for hand-made fragments.
#pragma once

#include <gtest/gtest.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "dataplane/frag/frag_counters.hpp"
#include "dataplane/frag/fragmenter.hpp"
#include "dataplane/frag/reassembler.hpp"

namespace pb::dp::frag::test {

inline constexpr uint16_t kEthLen = 14;
inline constexpr uint16_t kVlanEthLen = 18;
inline constexpr uint16_t kMtu = 1500;
inline constexpr uint16_t kBeaconPort = 9001;
inline constexpr uint32_t kIpv6FragmentId = 0xfeedbeef;

// Byte i of every test datagram's UDP payload (raw fragments: of the IP payload).
uint8_t pattern(uint32_t i);

struct DatagramSpec {
    int family = 4;
    uint32_t payload_len = 100;  // UDP payload bytes
    bool vlan = false;
    uint16_t ip_id = 0x1234;     // IPv4 identification
    uint8_t src_host = 2;        // last byte of the source address
    bool dont_fragment = false;  // IPv4 DF
};

uint16_t l2_len_of(const DatagramSpec& spec);
// Ethernet (+802.1Q) + IPv4/IPv6 + UDP (checksum set) + pattern payload.
std::vector<uint8_t> make_frame(const DatagramSpec& spec);

// A hand-made fragment (Ethernet, no VLAN) carrying pattern(offset + i).
struct RawFragment {
    int family = 4;
    uint32_t id = 0x4242;
    uint32_t offset = 0;
    uint32_t length = 0;
    bool more = true;
    uint8_t protocol = 17;  // UDP
    uint8_t src_host = 2;
};
std::vector<uint8_t> raw_fragment_bytes(const RawFragment& spec);

// Copies bytes into an mbuf chain of segments of at most `segment` bytes.
rte_mbuf* to_mbuf(rte_mempool* pool, const std::vector<uint8_t>& bytes, uint16_t segment = 1024);
// All bytes of a chain.
std::vector<uint8_t> bytes_of(const rte_mbuf* m);

class FragTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    Reassembler& make_reassembler(const ReassemblerConfig& cfg = {});
    struct FragmentOptions {
        bool checksum_offload = false;
        uint16_t max_out = kMaxEgressFragments;
        rte_mempool* indirect = nullptr;  // indirect_ unless set
        uint32_t ipv6_id = kIpv6FragmentId;
    };
    // fragment_ipv4 or fragment_ipv6 by family; `out`
    // gets the fragments (empty on error); returns what the call returned.
    int fragment(int family, rte_mbuf* datagram, uint16_t l2_len, uint16_t mtu, std::vector<rte_mbuf*>& out,
                 const FragmentOptions& options);
    int fragment(int family, rte_mbuf* datagram, uint16_t l2_len, uint16_t mtu, std::vector<rte_mbuf*>& out) {
        return fragment(family, datagram, l2_len, mtu, out, FragmentOptions{});
    }
    // Fragments a datagram with fragment_ipv4/6 at `mtu`, then copies every
    // fragment into one fresh mbuf, as a NIC would receive it.
    std::vector<rte_mbuf*> fragments_of(const std::vector<uint8_t>& frame, const DatagramSpec& spec,
                                        uint16_t mtu = kMtu);
    rte_mbuf* over_the_wire(rte_mbuf* m);
    rte_mbuf* raw(const RawFragment& spec) { return to_mbuf(pool_, raw_fragment_bytes(spec)); }
    // Feeds every fragment at time `now`; expects nothing back before the
    // last one and returns what the last one gave.
    rte_mbuf* feed_all(const std::vector<rte_mbuf*>& fragments, uint64_t now = 1, uint16_t l2_len = kEthLen);

    rte_mempool* pool_ = nullptr;
    rte_mempool* indirect_ = nullptr;
    FragCounters counters_;
    std::unique_ptr<Reassembler> reasm_;
};

}  // namespace pb::dp::frag::test
