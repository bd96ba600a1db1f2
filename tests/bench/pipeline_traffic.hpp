// tests/bench/pipeline_traffic.hpp — the traffic of the pipeline benchmark:
// realistic Ethernet/IPv4/UDP frames to the beacon's address and port, with
// beacon messages encoded by the wire codec and correct IPv4 and UDP
// checksums (the net_ring port has no offloads, so the beacon verifies them
// in software), rebuilt into recycled mbufs on the main lcore.
//
// Every frame is fresh: random node ids out of the population's active set,
// random sources. Rebuilding costs the source lcore a copy of the first
// bytes of the frame and a checksum over the bytes that vary; the payload
// behind them is a fixed byte pattern laid into every mbuf once
// (lay_pattern), which the beacon never writes (it rewrites headers only),
// so a frame's UDP checksum is the pattern's precomputed partial sum plus
// the sum over its first bytes.
//
// Each frame kind knows its expected outcome (the worker counters it must
// move, and the answer it must produce, checked on every frame that comes
// back), so a scenario's figure is only reported with its outcome verified.
#pragma once

#include <rte_ether.h>
#include <rte_mbuf.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "dataplane/counters.hpp"
#include "tests/bench/bench_support.hpp"
#include "tests/bench/pipeline_port.hpp"

namespace pb::bench {

enum class FrameKind : uint8_t {
    Discover,        // Discover with key, from the node's registered endpoint → DiscoverReply
    RelayHit64,      // Relay to a registered node, 64-byte payload → RelayDeliver
    RelayHit1024,    // the same with a 1,024-byte payload
    RelayNotFound,   // Relay to an unknown id → not_found
    RelayTruncated,  // Relay with 3 bytes after the type → malformed
    UnknownType,     // type 0x42 → unknown_type
    BadChecksum,     // a RelayHit64 frame with a wrong UDP checksum → bad_checksum
};
inline constexpr size_t kFrameKinds = 7;

using CounterField = dp::Counter dp::WorkerCounters::*;

struct KindSpec {
    const char* name;
    bool answered;                        // the beacon transmits an answer
    std::vector<CounterField> counters;   // each moves by one per frame (besides rx_packets / tx_packets)
};
const KindSpec& spec_of(FrameKind kind);

// A traffic profile: frame kinds with integer weights.
struct Mix {
    std::vector<std::pair<FrameKind, uint32_t>> weights;
    uint32_t total() const;
};

// Where the frames go and where relay traffic comes from.
struct TrafficSetup {
    rte_ether_addr beacon_mac{};
    uint32_t beacon_ipv4 = 0;  // host order
    uint16_t beacon_port = 0;  // host order
    uint32_t relay_sources = 65536;  // distinct transport sources (ip:port) sending relays
    uint64_t seed = 1;
};

class TrafficSource {
public:
    static constexpr uint16_t kMaxFrame = 14 + 20 + 8 + 9 + 1024;

    TrafficSource(const Population& population, const TrafficSetup& setup);

    // Writes the payload pattern over the whole frame area of `m` (once per mbuf).
    void lay_pattern(rte_mbuf* m) const;
    // Resets `m` to a fresh frame of a kind drawn from `mix` and notes the
    // answer it expects in the mbuf's FrameNote.
    void build(rte_mbuf* m, const Mix& mix);
    // A frame the worker transmitted: is it the answer build() noted?
    static bool is_expected_answer(const rte_mbuf* m);

    // Frames built per kind since the last reset_counts().
    const std::array<uint64_t, kFrameKinds>& built() const { return built_; }
    uint64_t built_total() const;
    void reset_counts() { built_.fill(0); }
    uint16_t frame_length(FrameKind kind) const { return templates_[size_t(kind)].frame_len; }

private:
    struct Template {
        std::vector<uint8_t> bytes;  // the whole frame, placeholders where build() writes
        uint16_t frame_len = 0;      // Ethernet frame, padded to 60 bytes
        uint16_t udp_len = 0;
        uint16_t head_len = 0;       // message bytes build() rewrites
        uint16_t summed_len = 0;     // UDP header + head rounded up to even: summed per frame
        uint16_t copy_len = 0;       // bytes copied per frame (the rest is the pattern already there)
        uint32_t tail_sum = 0;       // raw one's-complement sum of the UDP bytes after summed_len
    };
    struct Source {
        uint32_t ipv4;  // host order
        uint16_t port;  // host order
    };

    Template make_template(FrameKind kind) const;
    FrameKind pick(const Mix& mix);
    Source relay_source();
    // Writes the per-frame message head; returns the expected answer.
    FrameNote write_head(FrameKind kind, uint8_t* message, Source& source);

    const Population& population_;
    TrafficSetup setup_;
    Rng rng_;
    std::vector<uint8_t> pattern_;
    std::array<Template, kFrameKinds> templates_;
    std::array<uint64_t, kFrameKinds> built_{};
};

}  // namespace pb::bench
