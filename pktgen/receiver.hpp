// pktgen/receiver.hpp — a worker's receive side: what each frame that
// comes back means. Relay deliveries feed the sequence tracker and the
// latency histogram (TSC now − TSC in the probe); DiscoverReplies mark
// daemons registered; DiscoverReply / PunchCommand latencies come from the
// daemon's pending request time; ARP / ND requests for the daemons'
// addresses are answered, answers about the beacon's address teach its MAC.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>
#include <span>

#include "pktgen/histogram.hpp"
#include "pktgen/sequence.hpp"
#include "pktgen/shared_state.hpp"
#include "pktgen/stats.hpp"

namespace pb::pktgen {

class Receiver {
public:
    Receiver(SharedState& shared, WorkerCounters& counters, SequenceTracker& tracker, Histogram& relay_latency,
             Histogram& reply_latency);

    void set_epoch(uint8_t epoch) { epoch_ = epoch; }
    // Handles one received frame and frees it. Returns a frame to send back
    // (an ARP / ND answer), or nullptr.
    rte_mbuf* handle(rte_mbuf* m, uint64_t now_tsc);
    // The same on bytes (tests, pcap replays); `answer` receives an ARP/ND
    // answer when one is due (size >= kMaxNeighbourFrame); returns its length or 0.
    std::size_t handle_bytes(std::span<const uint8_t> frame, uint64_t now_tsc, std::span<uint8_t> answer);

private:
    std::size_t neighbour(std::span<const uint8_t> frame, std::span<uint8_t> answer);
    void beacon_datagram(uint32_t daemon, std::span<const uint8_t> payload, uint64_t now_tsc);
    void delivery(std::span<const uint8_t> payload, uint64_t now_tsc);
    void reply_latency(uint32_t daemon, uint64_t now_tsc);

    SharedState& shared_;
    WorkerCounters& c_;
    SequenceTracker& tracker_;
    Histogram& relay_latency_;
    Histogram& reply_latency_;
    uint8_t epoch_ = 0;
};

}  // namespace pb::pktgen
