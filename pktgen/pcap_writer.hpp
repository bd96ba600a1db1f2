// pktgen/pcap_writer.hpp — writes the classic libpcap file format
// (microsecond timestamps, LINKTYPE_ETHERNET), which Pktgen-DPDK, TRex,
// tcpreplay, Wireshark and tcpdump all read. Written by hand, so the
// generator does not need libpcap at run time.
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

namespace pb::pktgen {

class PcapWriter {
public:
    static constexpr uint32_t kMagic = 0xa1b2c3d4;  // microsecond resolution, written in host order
    static constexpr uint32_t kLinkTypeEthernet = 1;
    static constexpr uint32_t kSnapLength = 65535;

    // Creates (truncates) `path`; throws std::runtime_error naming the path and errno.
    explicit PcapWriter(const std::string& path);
    ~PcapWriter();
    PcapWriter(const PcapWriter&) = delete;
    PcapWriter& operator=(const PcapWriter&) = delete;

    // One frame at `timestamp_ns` since the Unix epoch (captured whole up
    // to the snap length).
    void write(std::span<const uint8_t> frame, uint64_t timestamp_ns);
    // Flushes and closes; throws when a write failed (disk full).
    void close();
    uint64_t frames() const { return frames_; }

private:
    void put(const void* data, std::size_t size);

    std::FILE* file_ = nullptr;
    std::string path_;
    uint64_t frames_ = 0;
    bool failed_ = false;
};

}  // namespace pb::pktgen
