// dataplane/frag/parse.hpp — validation of one received IPv4 or IPv6
// fragment on its own (before any table lookup): where its data lies in the
// datagram and whether it can belong to a datagram we would ever accept.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>

#include "dataplane/frag/flow_key.hpp"

namespace pb::dp::frag {

// The first fragment must carry at least this much of the datagram: the
// UDP header and the first 40 payload bytes, which every beacon message
// header fits in. RFC 791's smallest MTU (68) leaves 48 data bytes after a
// 20-byte header, and IPv6 (MTU >= 1280) far more, so no sane sender is
// refused; an attacker's "tiny first fragment" is.
inline constexpr uint16_t kMinFirstFragmentData = 48;

enum class ParseResult : uint8_t {
    Fragment,       // a fragment to reassemble; the view is filled in
    NotFragment,    // IPv4 with MF clear and offset 0, or IPv6 without a Fragment header
    AtomicIpv6,     // IPv6 Fragment header with offset 0 and M clear (RFC 6946): a whole datagram
    Malformed,      // truncated, lengths beyond the frame, empty fragment, headers not contiguous
    OtherProtocol,  // not UDP: the appliance reassembles UDP only
    Misaligned,     // a non-last fragment whose length is not a multiple of 8
    TooBig,         // would end beyond 65,535 bytes of IP datagram
    TinyFirst,      // offset 0 but shorter than kMinFirstFragmentData (UDP header for atomic IPv6)
};

struct FragmentView {
    FlowKey key;
    uint16_t l2_len = 0;
    uint16_t header_len = 0;  // L2 + IP header (+ IPv6 Fragment header): bytes before the data
    uint16_t offset = 0;      // of this fragment's data in the datagram's payload, bytes
    uint16_t length = 0;      // data bytes in this fragment
    bool more = false;        // more fragments follow (MF / M)
};

// Reads the IP header at l2_len (version from its first nibble). The frame
// may be longer than the IP datagram (link padding); never shorter.
// The IP and Fragment headers must lie in the first segment, and for the
// first fragment also kMinFirstFragmentData bytes of data.
ParseResult parse_fragment(const rte_mbuf* m, uint16_t l2_len, FragmentView& view);

}  // namespace pb::dp::frag
