// pktgen/pcap_writer.cpp — global header, then a 16-byte record header per frame.
#include "pktgen/pcap_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace pb::pktgen {

namespace {

struct FileHeader {
    uint32_t magic;
    uint16_t version_major, version_minor;
    int32_t this_zone;
    uint32_t sigfigs, snap_length, link_type;
};

struct RecordHeader {
    uint32_t seconds, microseconds, captured_length, original_length;
};

static_assert(sizeof(FileHeader) == 24 && sizeof(RecordHeader) == 16);

}  // namespace

PcapWriter::PcapWriter(const std::string& path) : path_(path) {
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
    const FileHeader header{kMagic, 2, 4, 0, 0, kSnapLength, kLinkTypeEthernet};
    put(&header, sizeof header);
}

PcapWriter::~PcapWriter() {
    if (file_) std::fclose(file_);
}

void PcapWriter::put(const void* data, std::size_t size) {
    if (std::fwrite(data, 1, size, file_) != size) failed_ = true;
}

void PcapWriter::write(std::span<const uint8_t> frame, uint64_t timestamp_ns) {
    const uint32_t captured = uint32_t(std::min<std::size_t>(frame.size(), kSnapLength));
    const RecordHeader record{uint32_t(timestamp_ns / 1000000000), uint32_t(timestamp_ns % 1000000000 / 1000),
                              captured, uint32_t(frame.size())};
    put(&record, sizeof record);
    put(frame.data(), captured);
    ++frames_;
}

void PcapWriter::close() {
    if (!file_) return;
    const bool flushed = std::fflush(file_) == 0;
    const int saved = errno;
    std::fclose(file_);
    file_ = nullptr;
    if (failed_ || !flushed) throw std::runtime_error(path_ + ": write failed: " + std::strerror(saved));
}

}  // namespace pb::pktgen
