// dataplane/frag/reassembler.cpp — the per-worker reassembly state machine:
// validate, find or open the datagram, add the fragment, complete or hold;
// timeouts, eviction and the held-fragment limit.
#include "dataplane/frag/reassembler.hpp"

#include <rte_cycles.h>
#include <rte_ip.h>
#include <rte_random.h>

#include <stdexcept>

#include "dataplane/frag/assemble.hpp"
#include "dataplane/frag/parse.hpp"

namespace pb::dp::frag {

namespace {

// Expired datagrams freed in passing whenever a new one opens, so a worker
// that never calls expire() still sheds them.
constexpr unsigned kExpireOnOpen = 2;
constexpr uint64_t kMsPerSecond = 1000;

const ReassemblerConfig& validated(const ReassemblerConfig& cfg) {
    if (cfg.timeout_ms == 0) throw std::invalid_argument("frag: timeout_ms must be at least 1");
    if (cfg.max_held_mbufs < kMaxFragmentsPerDatagram)
        throw std::invalid_argument("frag: max_held_mbufs must be at least kMaxFragmentsPerDatagram");
    return cfg;
}

// Cuts link padding after the IP datagram; false when it spans segments.
bool trim_to(rte_mbuf* m, uint32_t length) {
    if (rte_pktmbuf_pkt_len(m) == length) return true;
    return rte_pktmbuf_trim(m, uint16_t(rte_pktmbuf_pkt_len(m) - length)) == 0;
}

}  // namespace

Reassembler::Reassembler(const ReassemblerConfig& cfg, FragCounters& counters)
    : table_(validated(cfg).max_datagrams, cfg.socket_id),
      counters_(counters),
      timeout_cycles_(rte_get_tsc_hz() * cfg.timeout_ms / kMsPerSecond),
      max_held_(cfg.max_held_mbufs),
      seed_(uint32_t(rte_rand())) {}

Reassembler::~Reassembler() { flush(); }

size_t Reassembler::bytes_for(uint32_t max_datagrams) { return FlowTable::bytes_for(max_datagrams); }

bool Reassembler::expired(const Flow& flow, uint64_t now) const {
    return now > flow.created && now - flow.created > timeout_cycles_;
}

rte_mbuf* Reassembler::drop(rte_mbuf* m, Counter& reason) {
    rte_pktmbuf_free(m);
    reason.add();
    return nullptr;
}

void Reassembler::drop_flow(uint32_t index, Counter& reason) {
    held_ -= table_[index].fragments.free_all();
    table_.remove(index);
    reason.add();
}

uint32_t Reassembler::open_flow(const FlowKey& key, uint32_t hash, uint64_t now) {
    expire(now, kExpireOnOpen);
    if (table_.size() == table_.capacity()) {
        const uint32_t oldest = table_.oldest();
        drop_flow(oldest, expired(table_[oldest], now) ? counters_.timeout : counters_.evicted_table_full);
    }
    return table_.insert(key, hash, now);
}

void Reassembler::enforce_mbuf_limit(uint32_t keep) {
    // `keep` holds at most kMaxFragmentsPerDatagram <= max_held_, so other
    // datagrams hold the excess; each step frees at least one of them.
    uint32_t victim = table_.oldest();
    for (uint32_t steps = table_.size(); held_ > max_held_ && victim != kNoFlow && steps > 0; --steps) {
        const uint32_t next = table_[victim].younger;
        if (victim != keep) drop_flow(victim, counters_.evicted_mbuf_limit);
        victim = next;
    }
}

rte_mbuf* Reassembler::feed(rte_mbuf* m, uint16_t l2_len, uint64_t now) {
    counters_.fragments.add();
    FragmentView v;
    switch (parse_fragment(m, l2_len, v)) {
        case ParseResult::Fragment: break;
        case ParseResult::NotFragment: counters_.unfragmented.add(); return m;
        case ParseResult::AtomicIpv6:
            if (!trim_to(m, v.header_len + v.length)) return drop(m, counters_.malformed);
            remove_ipv6_fragment_header(m, l2_len, v.length);
            mark_assembled(m, l2_len, sizeof(rte_ipv6_hdr), false);
            counters_.unfragmented.add();
            return m;
        case ParseResult::Malformed: return drop(m, counters_.malformed);
        case ParseResult::OtherProtocol: return drop(m, counters_.other_protocol);
        case ParseResult::Misaligned: return drop(m, counters_.misaligned);
        case ParseResult::TooBig: return drop(m, counters_.too_big);
        case ParseResult::TinyFirst: return drop(m, counters_.tiny_first);
    }
    if (m->nb_segs > kMaxSegmentsPerFragment || !trim_to(m, v.header_len + v.length))
        return drop(m, counters_.malformed);
    if (v.offset != 0) m = strip_headers(m, v.header_len);

    const uint32_t hash = flow_hash(v.key, seed_);
    uint32_t index = table_.find(v.key, hash);
    if (index != kNoFlow && expired(table_[index], now)) {
        drop_flow(index, counters_.timeout);
        index = kNoFlow;
    }
    if (index == kNoFlow) index = open_flow(v.key, hash, now);
    Flow& flow = table_[index];
    switch (flow.fragments.add(m, v.offset, v.length, v.more)) {
        case AddResult::Stored: break;
        case AddResult::Duplicate: return drop(m, counters_.duplicate);
        case AddResult::Overlap: drop_flow(index, counters_.overlap); rte_pktmbuf_free(m); return nullptr;
        case AddResult::InconsistentLength:
            drop_flow(index, counters_.inconsistent_length);
            rte_pktmbuf_free(m);
            return nullptr;
        case AddResult::TooMany:
            drop_flow(index, counters_.too_many_fragments);
            rte_pktmbuf_free(m);
            return nullptr;
    }
    ++held_;
    if (v.offset == 0) flow.head_l2_len = v.l2_len;
    if (flow.fragments.complete()) {
        held_ -= flow.fragments.count;
        rte_mbuf* datagram = assemble_datagram(flow.fragments, flow.head_l2_len);
        table_.remove(index);
        counters_.reassembled.add();
        return datagram;
    }
    if (held_ > max_held_) enforce_mbuf_limit(index);
    return nullptr;
}

unsigned Reassembler::expire(uint64_t now, unsigned max_datagrams) {
    unsigned freed = 0;
    while (freed < max_datagrams) {
        const uint32_t oldest = table_.oldest();
        if (oldest == kNoFlow || !expired(table_[oldest], now)) break;
        drop_flow(oldest, counters_.timeout);
        ++freed;
    }
    return freed;
}

unsigned Reassembler::flush() {
    unsigned freed = 0;
    for (uint32_t oldest = table_.oldest(); oldest != kNoFlow; oldest = table_.oldest()) {
        held_ -= table_[oldest].fragments.free_all();
        table_.remove(oldest);
        ++freed;
    }
    return freed;
}

}  // namespace pb::dp::frag
