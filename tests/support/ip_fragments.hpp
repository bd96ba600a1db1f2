// tests/support/ip_fragments.hpp — IP fragmentation on the test side,
// written independently of dataplane/frag: cutting a frame the test built
// into the fragments a sender's stack would put on the wire (IPv4 flags and
// offset; the IPv6 Fragment header), and putting the fragments the beacon
// sent back together, so that a test compares whole datagrams:
//
//   inject(1, fragment_frame(datagram, 1500, 0x77)[2]);
//   const Reassembly whole = reassemble_frames(drain_all_tx());
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "tests/support/net_types.hpp"

namespace pb::test {

// One fragment of an unfragmented IPv4/IPv6 frame (Ethernet, tagged or not):
// the IP payload bytes [offset, offset + length) (offset a multiple of 8),
// with "more fragments" as given. `id`: the IPv4 identification (low 16 bits)
// or the IPv6 Fragment header's identification.
Bytes fragment_at(const Bytes& frame, std::size_t offset, std::size_t length, bool more, uint32_t id);

// Every fragment of `frame`, in order, each an IP packet of at most `mtu` bytes.
std::vector<Bytes> fragment_frame(const Bytes& frame, std::size_t mtu, uint32_t id);

struct Reassembly {
    Bytes frame;        // as if never fragmented; empty on error
    std::size_t largest_ip_packet = 0;  // of the pieces, IP header included
    std::string error;  // why the pieces do not make one datagram; empty when they do
};

// The fragments of ONE datagram, in any order, put back together: the L2
// header of the first fragment; IPv4 with flags/offset cleared, total length
// and header checksum set; IPv6 with the Fragment header removed. Each IPv4
// piece's header checksum must be right. A single frame that is no fragment
// comes back unchanged.
Reassembly reassemble_frames(std::span<const Bytes> frames);

}  // namespace pb::test
