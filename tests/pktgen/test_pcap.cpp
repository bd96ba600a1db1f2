// tests/pktgen/test_pcap.cpp — the pcap writer read back with libpcap, and
// a scenario exported with --pcap: registration Discovers first, then the
// mix, at the scenario's rate.
#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/wire/decode.hpp"
#include "pktgen/pcap_export.hpp"
#include "pktgen/pcap_writer.hpp"
#include "pktgen/probe.hpp"
#include "pktgen_test_support.hpp"
#include "tests/support/frame_parser.hpp"

namespace pb::pktgen {
namespace {

struct Record {
    std::vector<uint8_t> bytes;
    uint32_t original_length;
    uint64_t timestamp_us;
};

std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / (name + "-" + std::to_string(getpid()) + ".pcap")).string();
}

// Every record of a pcap file, through libpcap; fails the test on errors.
std::vector<Record> read_back(const std::string& path, int* link_type = nullptr) {
    char error[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline(path.c_str(), error);
    EXPECT_NE(p, nullptr) << error;
    std::vector<Record> records;
    if (!p) return records;
    if (link_type) *link_type = pcap_datalink(p);
    pcap_pkthdr* header;
    const u_char* data;
    while (pcap_next_ex(p, &header, &data) == 1)
        records.push_back({std::vector<uint8_t>(data, data + header->caplen), header->len,
                           uint64_t(header->ts.tv_sec) * 1000000 + uint64_t(header->ts.tv_usec)});
    pcap_close(p);
    return records;
}

TEST(PcapWriter, LibpcapReadsWhatItWrites) {
    const std::string path = temp_path("pktgen-writer");
    {
        PcapWriter w(path);
        for (uint8_t i = 0; i < 5; ++i) {
            std::vector<uint8_t> frame(60 + i * 100, i);
            w.write(frame, 1700000000'123456789ull + i * 1000ull);
        }
        w.close();
        EXPECT_EQ(w.frames(), 5u);
    }
    int link_type = -1;
    const auto records = read_back(path, &link_type);
    EXPECT_EQ(link_type, DLT_EN10MB);
    ASSERT_EQ(records.size(), 5u);
    for (uint8_t i = 0; i < 5; ++i) {
        EXPECT_EQ(records[i].bytes, std::vector<uint8_t>(60 + i * 100, i));
        EXPECT_EQ(records[i].original_length, 60u + i * 100);
        EXPECT_EQ(records[i].timestamp_us, 1700000000'123456ull + i);
    }
    std::filesystem::remove(path);
}

TEST(PcapWriter, TheFileHeaderIsTheClassicFormat) {
    const std::string path = temp_path("pktgen-header");
    {
        PcapWriter w(path);
        w.close();
    }
    std::FILE* f = std::fopen(path.c_str(), "rb");
    ASSERT_NE(f, nullptr);
    uint8_t header[24];
    ASSERT_EQ(std::fread(header, 1, sizeof header, f), sizeof header);
    EXPECT_EQ(std::fgetc(f), EOF);
    std::fclose(f);
    uint32_t magic, snap, link;
    uint16_t major, minor;
    std::memcpy(&magic, header, 4);
    std::memcpy(&major, header + 4, 2);
    std::memcpy(&minor, header + 6, 2);
    std::memcpy(&snap, header + 16, 4);
    std::memcpy(&link, header + 20, 4);
    EXPECT_EQ(magic, 0xa1b2c3d4u);
    EXPECT_EQ(major, 2);
    EXPECT_EQ(minor, 4);
    EXPECT_EQ(snap, 65535u);
    EXPECT_EQ(link, 1u);
    std::filesystem::remove(path);
}

TEST(PcapWriter, AnUnwritablePathThrows) {
    EXPECT_THROW(PcapWriter("/nonexistent-dir/x.pcap"), std::runtime_error);
}

TEST(PcapExport, RegistrationFirstThenTheMixAtTheRate) {
    const Scenario s = test::small_scenario("v4", "load: { rate_pps: 1000 }\n");
    const std::string path = temp_path("pktgen-export");
    const uint64_t written = export_pcap(s, {.path = path, .count = 50});
    EXPECT_EQ(written, 8u + 50u);
    const auto records = read_back(path);
    ASSERT_EQ(records.size(), 58u);
    const DaemonSet daemons(s.daemons);
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto frame = pb::test::parse_frame(records[i].bytes);
        ASSERT_TRUE(frame.error.empty()) << i << ": " << frame.error;
        EXPECT_EQ(frame.eth.dst, (Mac{0x02, 0, 0, 0, 0, 0x02}));
        const auto message = wire::decode(frame.udp->payload);
        ASSERT_TRUE(message.ok());
        if (i < 8) {
            EXPECT_EQ(std::get<wire::Discover>(*message).id, daemons.node_id(uint32_t(i)));
        } else {
            EXPECT_TRUE(std::holds_alternative<wire::Relay>(*message));
            if (i > 8) {
                EXPECT_EQ(records[i].timestamp_us - records[i - 1].timestamp_us, 1000u);  // 1,000 pps
            }
        }
    }
    std::filesystem::remove(path);
}

// Large relays go through the egress fragmenter (an EAL without a port is
// started for it: the one test in this process that does).
TEST(PcapExport, LargeRelaysAreCutByTheEgressFragmenter) {
    const std::string prefix = "pktgen-test-" + std::to_string(getpid());
    const Scenario s = test::small_scenario(
        "v4", "dpdk: { file_prefix: " + prefix + " }\ntraffic: { relay: { payload_bytes: 4096 } }\n");
    ASSERT_TRUE(s.needs_fragments());
    const std::string path = temp_path("pktgen-fragments");
    EXPECT_EQ(export_pcap(s, {.path = path, .count = 5}), 8u + 5u * 3u);
    const auto records = read_back(path);
    ASSERT_EQ(records.size(), 23u);
    for (std::size_t relay = 0; relay < 5; ++relay) {
        std::vector<uint8_t> udp;  // the datagram put back together from its fragments, in order
        for (std::size_t f = 0; f < 3; ++f) {
            const auto frame = pb::test::parse_frame(records[8 + relay * 3 + f].bytes);
            ASSERT_TRUE(frame.ip);
            EXPECT_TRUE(frame.ip->header_checksum_ok);
            EXPECT_LE(frame.ip->total_len, s.eal.port.mtu);
            EXPECT_EQ(frame.ip->fragment_field & 0x2000, f < 2 ? 0x2000 : 0);  // MF on all but the last
            EXPECT_EQ(std::size_t(frame.ip->fragment_field & 0x1fff) * 8, udp.size());
            const auto& bytes = records[8 + relay * 3 + f].bytes;
            udp.insert(udp.end(), bytes.begin() + 14 + frame.ip->header_len, bytes.begin() + 14 + frame.ip->total_len);
        }
        ASSERT_EQ(udp.size(), 8u + 9u + 4096u);
        const auto message = wire::decode(std::span<const uint8_t>(udp).subspan(8));
        ASSERT_TRUE(message.ok());
        const auto& r = std::get<wire::Relay>(*message);
        EXPECT_EQ(r.payload.size(), 4096u);
        ASSERT_TRUE(Probe::read(r.payload));
        EXPECT_EQ(Probe::read(r.payload)->kind, ProbeKind::Relay);
    }
    std::filesystem::remove(path);
    std::filesystem::remove_all("/var/run/dpdk/" + prefix + "-pcap");  // the EAL runtime folder
}

}  // namespace
}  // namespace pb::pktgen
