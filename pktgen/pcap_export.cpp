// pktgen/pcap_export.cpp — the generator's frames into a pcap file.
#include "pktgen/pcap_export.hpp"

#include <rte_errno.h>
#include <rte_mbuf.h>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "dataplane/eal.hpp"
#include "pktgen/egress.hpp"
#include "pktgen/frame.hpp"
#include "pktgen/generator.hpp"
#include "pktgen/pcap_writer.hpp"

namespace pb::pktgen {

namespace {

constexpr double kUnpacedExportPps = 1e6;  // time stamps for a scenario without a rate

// An EAL without a port, pools and the fragmenter: only for large relays.
class Fragmenting {
public:
    Fragmenting(const Scenario& s, std::size_t max_frame)
        : eal_({"pilot-pktgen", "--no-huge", "--no-pci", "--no-shconf", "-m", "256", "--lcores", "0",
                "--file-prefix", s.eal.dpdk.file_prefix + "-pcap", "--log-level", "lib.eal:error"}) {
        direct_ = rte_pktmbuf_pool_create("pkg_pcap", 4095, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
        if (!direct_) throw std::runtime_error(std::string("pcap: mbuf pool: ") + rte_strerror(rte_errno));
        pools_ = create_fragment_pools("pkgp", max_frame, s.eal.port.mtu, 64, SOCKET_ID_ANY);
        fragmenter_ = std::make_unique<EgressFragmenter>(direct_, pools_.indirect, s.eal.port.mtu, false, 0, 1);
    }
    ~Fragmenting() {
        free_fragment_pools(pools_);
        rte_mempool_free(direct_);
    }

    // Cuts `frame` and hands each piece's bytes to `write`.
    template <class Write>
    void split(std::span<const uint8_t> frame, bool ipv6, Write&& write) {
        rte_mbuf* m = rte_pktmbuf_alloc(pools_.jumbo);
        if (!m) throw std::runtime_error("pcap: jumbo pool empty");
        std::memcpy(rte_pktmbuf_append(m, uint16_t(frame.size())), frame.data(), frame.size());
        std::array<rte_mbuf*, dp::frag::kMaxEgressFragments> pieces;
        const int n = fragmenter_->split(m, ipv6, pieces.data(), uint16_t(pieces.size()));
        if (n <= 0) throw std::runtime_error("pcap: the fragmenter refused a relay (" + std::to_string(n) + ")");
        for (int i = 0; i < n; ++i) {
            write(std::span<const uint8_t>(rte_pktmbuf_mtod(pieces[i], const uint8_t*), pieces[i]->data_len));
            rte_pktmbuf_free(pieces[i]);
        }
    }

private:
    dp::Eal eal_;
    rte_mempool* direct_ = nullptr;
    FragmentPools pools_;
    std::unique_ptr<EgressFragmenter> fragmenter_;
};

uint64_t unix_now_ns() {
    return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count());
}

}  // namespace

uint64_t export_pcap(const Scenario& s, const PcapRequest& request) {
    const DaemonSet daemons(s.daemons);
    const PairPicker pairs(s.traffic.relay, s.daemons.count, s.traffic.seed);
    const KindTable kinds(s.traffic.mix);
    const GeneratorSetup setup{s, daemons, pairs, kinds, request.src_mac};
    Generator generator(setup, 0, 1);
    generator.set_beacon_mac(request.dst_mac);
    generator.set_epoch(1);
    std::vector<uint8_t> frame(generator.max_frame() + 64);
    const std::size_t mtu_frame = std::size_t(s.eal.port.mtu) + kEthernetHeader;
    std::optional<Fragmenting> fragmenting;
    if (generator.max_frame() > mtu_frame) fragmenting.emplace(s, generator.max_frame());

    PcapWriter pcap(request.path);
    uint64_t t = unix_now_ns();
    const double register_gap = 1e9 / s.daemons.register_rate_pps;
    for (uint32_t d = 0; d < daemons.size(); ++d) {
        pcap.write(std::span(frame).first(generator.discover(frame, d)), t + uint64_t(d * register_gap));
    }
    t += uint64_t(daemons.size() * register_gap) + 1000000000;  // a second for the beacon to settle
    const double gap = 1e9 / (s.load.rate_pps ? double(s.load.rate_pps) : kUnpacedExportPps);
    for (uint64_t i = 0; i < request.count; ++i) {
        const uint64_t at = t + uint64_t(double(i) * gap);
        const BuiltPacket built = generator.next(frame, at);
        if (built.length == 0) continue;
        const auto bytes = std::span<const uint8_t>(frame).first(built.length);
        if (built.length <= mtu_frame || !fragmenting) pcap.write(bytes, at);
        else fragmenting->split(bytes, s.ipv6(), [&](std::span<const uint8_t> piece) { pcap.write(piece, at); });
    }
    pcap.close();
    return pcap.frames();
}

}  // namespace pb::pktgen
