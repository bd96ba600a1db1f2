// tests/unit/frag/frag_test_support.cpp — the EAL environment (initialised
// once per process with a per-process file prefix, as ctest runs tests in
// parallel), the mempool fixture and the packet builders.
#include "frag_test_support.hpp"

#include <rte_byteorder.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "dataplane/frag/fragmenter.hpp"

namespace pb::dp::frag::test {

namespace {

class EalEnvironment : public ::testing::Environment {
public:
    void SetUp() override {
        args_ = {"test_frag", "--no-huge", "-m", "256", "--no-pci", "--file-prefix",
                 "pb-test-frag-" + std::to_string(getpid()), "--lcores", "0@0", "--log-level=error"};
        std::vector<char*> argv;
        for (auto& arg : args_) argv.push_back(arg.data());
        ASSERT_GE(rte_eal_init(int(argv.size()), argv.data()), 0) << rte_strerror(rte_errno);
    }
    void TearDown() override { rte_eal_cleanup(); }

private:
    std::vector<std::string> args_;  // rte_eal_init keeps pointers into argv
};

[[maybe_unused]] ::testing::Environment* const kEal = ::testing::AddGlobalTestEnvironment(new EalEnvironment);

constexpr uint16_t kPoolSize = 8191;
constexpr uint16_t kIndirectPoolSize = 2047;
constexpr uint8_t kOurMac[6] = {2, 0, 0, 0, 0, 1};
constexpr uint8_t kPeerMac[6] = {2, 0, 0, 0, 0, 2};
constexpr uint16_t kVlanTci = 42;
constexpr uint16_t kPeerPort = 40000;
constexpr uint8_t kTtl = 64;

void put16(uint8_t* at, uint16_t host) {
    const uint16_t be = rte_cpu_to_be_16(host);
    std::memcpy(at, &be, 2);
}

// Ethernet (+ VLAN) header; returns its length.
uint16_t put_ethernet(uint8_t* frame, bool vlan, int family) {
    std::memcpy(frame, kOurMac, 6);
    std::memcpy(frame + 6, kPeerMac, 6);
    uint16_t at = 12;
    if (vlan) {
        put16(frame + at, RTE_ETHER_TYPE_VLAN);
        put16(frame + at + 2, kVlanTci);
        at += 4;
    }
    put16(frame + at, family == 4 ? RTE_ETHER_TYPE_IPV4 : RTE_ETHER_TYPE_IPV6);
    return uint16_t(at + 2);
}

void put_ipv4(rte_ipv4_hdr* ip, uint32_t payload, uint8_t protocol, uint16_t id, uint16_t flags_offset,
              uint8_t src_host) {
    ip->version_ihl = RTE_IPV4_VHL_DEF;
    ip->type_of_service = 0;
    ip->total_length = rte_cpu_to_be_16(uint16_t(sizeof(rte_ipv4_hdr) + payload));
    ip->packet_id = rte_cpu_to_be_16(id);
    ip->fragment_offset = rte_cpu_to_be_16(flags_offset);
    ip->time_to_live = kTtl;
    ip->next_proto_id = protocol;
    ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(10, 77, 0, src_host));
    ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(10, 77, 0, 1));
    ip->hdr_checksum = 0;
    ip->hdr_checksum = rte_ipv4_cksum(ip);
}

void put_ipv6(rte_ipv6_hdr* ip, uint32_t payload, uint8_t protocol, uint8_t src_host) {
    ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
    ip->payload_len = rte_cpu_to_be_16(uint16_t(payload));
    ip->proto = protocol;
    ip->hop_limits = kTtl;
    const uint8_t prefix[2] = {0xfd, 0x77};
    std::memset(ip->src_addr, 0, 16);
    std::memset(ip->dst_addr, 0, 16);
    std::memcpy(ip->src_addr, prefix, 2);
    std::memcpy(ip->dst_addr, prefix, 2);
    ip->src_addr[15] = src_host;
    ip->dst_addr[15] = 1;
}

}  // namespace

uint8_t pattern(uint32_t i) { return uint8_t((i * 131u + 7u) ^ (i >> 9)); }

uint16_t l2_len_of(const DatagramSpec& spec) { return spec.vlan ? kVlanEthLen : kEthLen; }

std::vector<uint8_t> make_frame(const DatagramSpec& spec) {
    const uint16_t l2 = l2_len_of(spec);
    const uint16_t l3 = spec.family == 4 ? sizeof(rte_ipv4_hdr) : sizeof(rte_ipv6_hdr);
    const uint32_t l4 = sizeof(rte_udp_hdr) + spec.payload_len;
    std::vector<uint8_t> frame(l2 + l3 + l4);
    put_ethernet(frame.data(), spec.vlan, spec.family);
    auto* udp = reinterpret_cast<rte_udp_hdr*>(frame.data() + l2 + l3);
    udp->src_port = rte_cpu_to_be_16(kPeerPort);
    udp->dst_port = rte_cpu_to_be_16(kBeaconPort);
    udp->dgram_len = rte_cpu_to_be_16(uint16_t(l4));
    udp->dgram_cksum = 0;
    for (uint32_t i = 0; i < spec.payload_len; ++i) frame[l2 + l3 + sizeof(rte_udp_hdr) + i] = pattern(i);
    if (spec.family == 4) {
        auto* ip = reinterpret_cast<rte_ipv4_hdr*>(frame.data() + l2);
        put_ipv4(ip, l4, IPPROTO_UDP, spec.ip_id, spec.dont_fragment ? RTE_IPV4_HDR_DF_FLAG : 0, spec.src_host);
        udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
    } else {
        auto* ip = reinterpret_cast<rte_ipv6_hdr*>(frame.data() + l2);
        put_ipv6(ip, l4, IPPROTO_UDP, spec.src_host);
        udp->dgram_cksum = rte_ipv6_udptcp_cksum(ip, udp);
    }
    return frame;
}

std::vector<uint8_t> raw_fragment_bytes(const RawFragment& spec) {
    const uint16_t l3 = spec.family == 4 ? sizeof(rte_ipv4_hdr) : sizeof(rte_ipv6_hdr) + sizeof(rte_ipv6_fragment_ext);
    std::vector<uint8_t> frame(kEthLen + l3 + spec.length);
    put_ethernet(frame.data(), false, spec.family);
    if (spec.family == 4) {
        const uint16_t flags_offset =
            uint16_t((spec.offset / RTE_IPV4_HDR_OFFSET_UNITS) | (spec.more ? RTE_IPV4_HDR_MF_FLAG : 0));
        put_ipv4(reinterpret_cast<rte_ipv4_hdr*>(frame.data() + kEthLen), spec.length, spec.protocol,
                 uint16_t(spec.id), flags_offset, spec.src_host);
    } else {
        auto* ip = reinterpret_cast<rte_ipv6_hdr*>(frame.data() + kEthLen);
        put_ipv6(ip, sizeof(rte_ipv6_fragment_ext) + spec.length, IPPROTO_FRAGMENT, spec.src_host);
        auto* fh = reinterpret_cast<rte_ipv6_fragment_ext*>(ip + 1);
        fh->next_header = spec.protocol;
        fh->reserved = 0;
        fh->frag_data = rte_cpu_to_be_16(uint16_t(RTE_IPV6_SET_FRAG_DATA(spec.offset, spec.more ? 1 : 0)));
        fh->id = rte_cpu_to_be_32(spec.id);
    }
    for (uint32_t i = 0; i < spec.length; ++i) frame[kEthLen + l3 + i] = pattern(spec.offset + i);
    return frame;
}

rte_mbuf* to_mbuf(rte_mempool* pool, const std::vector<uint8_t>& bytes, uint16_t segment) {
    rte_mbuf* head = nullptr;
    size_t at = 0;
    do {
        rte_mbuf* m = rte_pktmbuf_alloc(pool);
        if (m == nullptr) {
            rte_pktmbuf_free(head);
            return nullptr;
        }
        const uint16_t n = uint16_t(std::min<size_t>(segment, bytes.size() - at));
        std::memcpy(rte_pktmbuf_append(m, n), bytes.data() + at, n);
        at += n;
        if (head == nullptr)
            head = m;
        else
            rte_pktmbuf_chain(head, m);
    } while (at < bytes.size());
    return head;
}

std::vector<uint8_t> bytes_of(const rte_mbuf* m) {
    std::vector<uint8_t> bytes;
    bytes.reserve(rte_pktmbuf_pkt_len(m));
    for (const rte_mbuf* seg = m; seg != nullptr; seg = seg->next) {
        const auto* data = rte_pktmbuf_mtod(seg, const uint8_t*);
        bytes.insert(bytes.end(), data, data + seg->data_len);
    }
    return bytes;
}

void FragTest::SetUp() {
    static unsigned serial = 0;
    const std::string id = std::to_string(serial++);
    pool_ = rte_pktmbuf_pool_create(("frag_d" + id).c_str(), kPoolSize, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
                                    SOCKET_ID_ANY);
    indirect_ = rte_pktmbuf_pool_create(("frag_i" + id).c_str(), kIndirectPoolSize, 0, 0, 0, SOCKET_ID_ANY);
    ASSERT_NE(pool_, nullptr) << rte_strerror(rte_errno);
    ASSERT_NE(indirect_, nullptr) << rte_strerror(rte_errno);
}

void FragTest::TearDown() {
    reasm_.reset();
    if (pool_ != nullptr) {
        EXPECT_EQ(rte_mempool_avail_count(pool_), pool_->size) << "mbufs leaked";
        rte_mempool_free(pool_);
    }
    if (indirect_ != nullptr) {
        EXPECT_EQ(rte_mempool_avail_count(indirect_), indirect_->size) << "indirect mbufs leaked";
        rte_mempool_free(indirect_);
    }
}

Reassembler& FragTest::make_reassembler(const ReassemblerConfig& cfg) {
    reasm_ = std::make_unique<Reassembler>(cfg, counters_);
    return *reasm_;
}

rte_mbuf* FragTest::over_the_wire(rte_mbuf* m) {
    const std::vector<uint8_t> bytes = bytes_of(m);
    rte_pktmbuf_free(m);
    rte_mbuf* copy = rte_pktmbuf_alloc(pool_);
    if (copy == nullptr) return nullptr;
    char* data = rte_pktmbuf_append(copy, uint16_t(bytes.size()));
    if (data == nullptr) {
        rte_pktmbuf_free(copy);
        return nullptr;
    }
    std::memcpy(data, bytes.data(), bytes.size());
    return copy;
}

int FragTest::fragment(int family, rte_mbuf* datagram, uint16_t l2_len, uint16_t mtu, std::vector<rte_mbuf*>& out,
                       const FragmentOptions& options) {
    out.assign(kMaxEgressFragments, nullptr);
    rte_mempool* indirect = options.indirect != nullptr ? options.indirect : indirect_;
    const int n = family == 4 ? fragment_ipv4(datagram, l2_len, mtu, pool_, indirect, out.data(), options.max_out,
                                              options.checksum_offload)
                              : fragment_ipv6(datagram, l2_len, mtu, pool_, indirect, out.data(), options.max_out,
                                              options.ipv6_id);
    out.resize(size_t(std::max(n, 0)));
    return n;
}

std::vector<rte_mbuf*> FragTest::fragments_of(const std::vector<uint8_t>& frame, const DatagramSpec& spec,
                                              uint16_t mtu) {
    rte_mbuf* datagram = to_mbuf(pool_, frame);
    EXPECT_NE(datagram, nullptr);
    std::vector<rte_mbuf*> out;
    EXPECT_GT(fragment(spec.family, datagram, l2_len_of(spec), mtu, out, {.ipv6_id = 0xabcd0000u | spec.ip_id}), 0);
    for (auto& m : out) {
        m = over_the_wire(m);
        EXPECT_NE(m, nullptr);
    }
    return out;
}

rte_mbuf* FragTest::feed_all(const std::vector<rte_mbuf*>& fragments, uint64_t now, uint16_t l2_len) {
    rte_mbuf* result = nullptr;
    for (size_t i = 0; i < fragments.size(); ++i) {
        rte_mbuf* out = reasm_->feed(fragments[i], l2_len, now);
        if (i + 1 < fragments.size()) {
            EXPECT_EQ(out, nullptr) << "complete before fragment " << i + 1 << " of " << fragments.size();
            rte_pktmbuf_free(out);
        } else {
            result = out;
        }
    }
    return result;
}

}  // namespace pb::dp::frag::test
