// Egress fragmentation: header fields of every fragment (IPv4 offsets, MF,
// DF cleared, checksums by software or offload flags; IPv6 Fragment header
// and id), the L2 header (VLAN tag included) on each, pass-through of what
// fits, and errors that leave nothing allocated.
#include "dataplane/frag/fragmenter.hpp"

#include <rte_errno.h>
#include <rte_ip.h>

#include <cstring>
#include <set>
#include <utility>

#include "frag_test_support.hpp"

namespace pb::dp::frag::test {
namespace {

class Fragmenter : public FragTest {
protected:
    // What every fragment shows: the datagram's L2 header, l2_len, at most
    // the MTU of IP packet.
    static void expect_framed(const rte_mbuf* m, const std::vector<uint8_t>& frame, uint16_t l2_len) {
        EXPECT_EQ(std::memcmp(rte_pktmbuf_mtod(m, const void*), frame.data(), l2_len), 0) << "L2 header";
        EXPECT_LE(rte_pktmbuf_pkt_len(m), l2_len + kMtu);
        EXPECT_EQ(m->l2_len, l2_len);
    }
    static void free_all(const std::vector<rte_mbuf*>& fragments) {
        for (rte_mbuf* m : fragments) rte_pktmbuf_free(m);
    }
    // Checks every fragment in out_ with `check(m, last)`, which returns the
    // {offset, data length} its IP headers state: the pieces must tile the
    // datagram's IP payload in order. Frees them.
    template <typename Check>
    void expect_tiling(const std::vector<uint8_t>& frame, uint16_t l2_len, uint32_t ip_payload, Check&& check) {
        uint32_t next_offset = 0;
        for (size_t i = 0; i < out_.size(); ++i) {
            expect_framed(out_[i], frame, l2_len);
            const auto [offset, length] = check(out_[i], i + 1 == out_.size());
            EXPECT_EQ(offset, next_offset) << "fragment " << i;
            next_offset += length;
        }
        EXPECT_EQ(next_offset, ip_payload);
        free_all(out_);
    }

    std::vector<rte_mbuf*> out_;
};

TEST_F(Fragmenter, DatagramThatFitsIsReturnedAsIs) {
    for (int family : {4, 6}) {
        const DatagramSpec spec{.family = family, .payload_len = 1400};
        rte_mbuf* m = to_mbuf(pool_, make_frame(spec));
        ASSERT_EQ(fragment(family, m, kEthLen, kMtu, out_), 1);
        EXPECT_EQ(out_[0], m);
        free_all(out_);
    }
}

TEST_F(Fragmenter, Ipv4FragmentsCarryCorrectHeaders) {
    const DatagramSpec spec{.family = 4, .payload_len = 4096, .vlan = true, .dont_fragment = true};
    const auto frame = make_frame(spec);
    ASSERT_EQ(fragment(4, to_mbuf(pool_, frame), kVlanEthLen, kMtu, out_), 3);
    expect_tiling(frame, kVlanEthLen, 8 + 4096, [&](const rte_mbuf* m, bool last) {
        EXPECT_EQ(m->l3_len, sizeof(rte_ipv4_hdr));
        const auto* ip = rte_pktmbuf_mtod_offset(m, const rte_ipv4_hdr*, kVlanEthLen);
        const uint16_t flags = rte_be_to_cpu_16(ip->fragment_offset);
        EXPECT_EQ(rte_be_to_cpu_16(ip->total_length), rte_pktmbuf_pkt_len(m) - kVlanEthLen);
        EXPECT_EQ(rte_be_to_cpu_16(ip->packet_id), spec.ip_id);
        EXPECT_EQ((flags & RTE_IPV4_HDR_MF_FLAG) == 0, last);
        EXPECT_EQ(flags & RTE_IPV4_HDR_DF_FLAG, 0);
        EXPECT_EQ(rte_ipv4_cksum(ip), 0) << "header checksum";
        return std::pair<uint32_t, uint32_t>((flags & RTE_IPV4_HDR_OFFSET_MASK) * 8u,
                                             rte_be_to_cpu_16(ip->total_length) - sizeof(rte_ipv4_hdr));
    });
}

TEST_F(Fragmenter, Ipv4ChecksumOffloadLeavesItToTheNic) {
    const auto frame = make_frame({.family = 4, .payload_len = 4096});
    ASSERT_EQ(fragment(4, to_mbuf(pool_, frame), kEthLen, kMtu, out_, {.checksum_offload = true}), 3);
    for (rte_mbuf* m : out_) {
        expect_framed(m, frame, kEthLen);
        EXPECT_EQ(m->ol_flags & (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM),
                  RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM);
        EXPECT_EQ(m->ol_flags & RTE_MBUF_F_TX_L4_MASK, 0u);
        EXPECT_EQ(rte_pktmbuf_mtod_offset(m, const rte_ipv4_hdr*, kEthLen)->hdr_checksum, 0);
    }
    free_all(out_);
}

TEST_F(Fragmenter, Ipv6FragmentsCarryAFragmentHeader) {
    const auto frame = make_frame({.family = 6, .payload_len = 4096});
    ASSERT_EQ(fragment(6, to_mbuf(pool_, frame), kEthLen, kMtu, out_), 3);
    expect_tiling(frame, kEthLen, 8 + 4096, [&](const rte_mbuf* m, bool last) {
        EXPECT_EQ(m->l3_len, sizeof(rte_ipv6_hdr) + sizeof(rte_ipv6_fragment_ext));
        const auto* ip = rte_pktmbuf_mtod_offset(m, const rte_ipv6_hdr*, kEthLen);
        const auto* fh = reinterpret_cast<const rte_ipv6_fragment_ext*>(ip + 1);
        const uint16_t frag_data = rte_be_to_cpu_16(fh->frag_data);
        EXPECT_EQ(ip->proto, IPPROTO_FRAGMENT);
        EXPECT_EQ(fh->next_header, IPPROTO_UDP);
        EXPECT_EQ(rte_be_to_cpu_32(fh->id), kIpv6FragmentId);
        EXPECT_EQ(rte_be_to_cpu_16(ip->payload_len), rte_pktmbuf_pkt_len(m) - kEthLen - sizeof(rte_ipv6_hdr));
        EXPECT_EQ(RTE_IPV6_GET_MF(frag_data) == 0, last);
        return std::pair<uint32_t, uint32_t>(frag_data & RTE_IPV6_EHDR_FO_MASK,
                                             rte_be_to_cpu_16(ip->payload_len) - sizeof(rte_ipv6_fragment_ext));
    });
}

TEST_F(Fragmenter, BadInputIsRefusedAndFreed) {
    const auto v4 = make_frame({.family = 4, .payload_len = 4096});
    const auto v6 = make_frame({.family = 6, .payload_len = 4096});
    auto wrong_length = v4;
    wrong_length.push_back(0);
    const auto v4_fragment = raw_fragment_bytes(RawFragment{.offset = 0, .length = 1480, .more = true});
    const auto v6_fragment = raw_fragment_bytes(RawFragment{.family = 6, .offset = 0, .length = 1480, .more = true});
    EXPECT_EQ(fragment(4, nullptr, kEthLen, kMtu, out_), -EINVAL);
    EXPECT_EQ(fragment(4, to_mbuf(pool_, v4), kEthLen, kMtu, out_, {.max_out = 2}), -EINVAL);  // out too small
    EXPECT_EQ(fragment(6, to_mbuf(pool_, v6), kEthLen, kMtu, out_, {.max_out = 2}), -EINVAL);
    EXPECT_EQ(fragment(4, to_mbuf(pool_, v4), kEthLen, 60, out_), -EINVAL);    // below IPv4's minimum MTU
    EXPECT_EQ(fragment(6, to_mbuf(pool_, v6), kEthLen, 1200, out_), -EINVAL);  // below IPv6's
    EXPECT_EQ(fragment(4, to_mbuf(pool_, v4), kMaxL2HeaderLen + 1, kMtu, out_), -EINVAL);
    EXPECT_EQ(fragment(4, to_mbuf(pool_, wrong_length), kEthLen, kMtu, out_), -EINVAL);
    EXPECT_EQ(fragment(4, to_mbuf(pool_, v4_fragment), kEthLen, 576, out_), -EINVAL);  // fragmented already
    EXPECT_EQ(fragment(6, to_mbuf(pool_, v6_fragment), kEthLen, 1280, out_), -EINVAL);
    EXPECT_EQ(fragment(6, to_mbuf(pool_, v4), kEthLen, kMtu, out_), -EINVAL);  // not IPv6 at all
    EXPECT_TRUE(out_.empty());
}

TEST_F(Fragmenter, EmptyIndirectPoolFailsCleanly) {
    rte_mempool* tiny = rte_pktmbuf_pool_create("frag_tiny", 2, 0, 0, 0, SOCKET_ID_ANY);
    ASSERT_NE(tiny, nullptr) << rte_strerror(rte_errno);
    for (int family : {4, 6}) {
        const auto frame = make_frame({.family = family, .payload_len = 16384});
        EXPECT_EQ(fragment(family, to_mbuf(pool_, frame), kEthLen, kMtu, out_, {.indirect = tiny}), -ENOMEM);
    }
    EXPECT_EQ(rte_mempool_avail_count(tiny), tiny->size);
    rte_mempool_free(tiny);
}

TEST_F(Fragmenter, Ipv6IdsAreDistinctAcrossWorkers) {
    constexpr unsigned kWorkers = 3;
    constexpr unsigned kPerWorker = 1000;
    std::set<uint32_t> seen;
    for (unsigned w = 0; w < kWorkers; ++w) {
        Ipv6FragmentIds ids(w, kWorkers);
        uint32_t previous = ids.next();
        seen.insert(previous);
        for (unsigned i = 1; i < kPerWorker; ++i) {
            const uint32_t id = ids.next();
            EXPECT_EQ(id % 4, w);  // three workers interleave over a stride of four
            EXPECT_EQ(id - previous, 4u);
            seen.insert(id);
            previous = id;
        }
    }
    EXPECT_EQ(seen.size(), kWorkers * kPerWorker);
}

}  // namespace
}  // namespace pb::dp::frag::test
