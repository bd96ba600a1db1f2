// tests/support/ip_fragments.cpp — splitting and rejoining IP datagrams.
#include "tests/support/ip_fragments.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>

#include "tests/support/byte_io.hpp"
#include "tests/support/frame_builder.hpp"
#include "tests/support/inet_checksum.hpp"

namespace pb::test {

namespace {

constexpr std::size_t kIpv6Header = 40;
constexpr std::size_t kFragmentHeader = 8;
constexpr uint8_t kNextHeaderFragment = 44;
constexpr uint16_t kMoreFragments = 0x2000;   // IPv4 flags/offset field
constexpr uint16_t kOffsetMask = 0x1fff;      // IPv4: in 8-byte units

// Where the IP header starts, and which version follows.
struct Layout {
    std::size_t l2_len = 14;
    bool v6 = false;
    std::size_t ip_header = 0;  // IPv4 header with options, or the IPv6 fixed header
    std::size_t ip_total = 0;   // header + payload, as the header says
};

std::optional<Layout> layout_of(std::span<const uint8_t> frame, std::string& error) {
    Layout l;
    if (frame.size() >= 14 && read_be<uint16_t>(frame, 12) == kEtherTypeVlan) l.l2_len = 18;
    if (frame.size() < l.l2_len + 20) {
        error = "frame too short for an IP header";
        return std::nullopt;
    }
    const uint16_t type = read_be<uint16_t>(frame, l.l2_len - 2);
    const std::span<const uint8_t> l3 = frame.subspan(l.l2_len);
    if (type == kEtherTypeIpv4) {
        l.ip_header = std::size_t(l3[0] & 0x0f) * 4;
        l.ip_total = read_be<uint16_t>(l3, 2);
    } else if (type == kEtherTypeIpv6 && l3.size() >= kIpv6Header) {
        l.v6 = true;
        l.ip_header = kIpv6Header;
        l.ip_total = kIpv6Header + read_be<uint16_t>(l3, 4);
    } else {
        error = "neither IPv4 nor IPv6";
        return std::nullopt;
    }
    if (l.ip_header < 20 || l.ip_total < l.ip_header || l.l2_len + l.ip_total > frame.size()) {
        error = "IP lengths outside the frame";
        return std::nullopt;
    }
    return l;
}

Layout checked_layout(const Bytes& frame) {
    std::string error;
    const auto l = layout_of(frame, error);
    if (!l) throw std::invalid_argument("fragment_at: " + error);
    return *l;
}

void set_ipv4_checksum(uint8_t* header, std::size_t length) {
    wire::store_be<uint16_t>(header + 10, 0);
    wire::store_be<uint16_t>(header + 10, ipv4_header_checksum(std::span<const uint8_t>(header, length)));
}

// A piece of a datagram as read from one received fragment.
struct Piece {
    std::size_t offset = 0;
    bool more = false;
    uint32_t id = 0;
    uint8_t protocol = 0;  // IPv6: the next header after the Fragment header
    Bytes data;
};

std::optional<Piece> piece_of(const Bytes& frame, const Layout& l, std::string& error) {
    const uint8_t* ip = frame.data() + l.l2_len;
    Piece p;
    std::size_t data_at = l.ip_header;
    if (!l.v6) {
        if (ipv4_header_checksum(std::span<const uint8_t>(ip, l.ip_header)) != 0) {
            error = "a fragment's IPv4 header checksum is wrong";
            return std::nullopt;
        }
        const uint16_t field = wire::load_be<uint16_t>(ip + 6);
        p.offset = std::size_t(field & kOffsetMask) * 8;
        p.more = field & kMoreFragments;
        p.id = wire::load_be<uint16_t>(ip + 4);
        p.protocol = ip[9];
    } else if (ip[6] == kNextHeaderFragment) {
        if (l.ip_total < kIpv6Header + kFragmentHeader) {
            error = "IPv6 Fragment header truncated";
            return std::nullopt;
        }
        const uint8_t* fh = ip + kIpv6Header;
        p.protocol = fh[0];
        p.offset = wire::load_be<uint16_t>(fh + 2) & 0xfff8;
        p.more = fh[3] & 1;
        p.id = wire::load_be<uint32_t>(fh + 4);
        data_at += kFragmentHeader;
    } else {
        p.protocol = ip[6];
    }
    p.data.assign(ip + data_at, ip + l.ip_total);
    return p;
}

}  // namespace

Bytes fragment_at(const Bytes& frame, std::size_t offset, std::size_t length, bool more, uint32_t id) {
    const Layout l = checked_layout(frame);
    const std::size_t payload = l.ip_total - l.ip_header;
    if (offset % 8 != 0 || offset + length > payload) throw std::invalid_argument("fragment_at: bad range");
    const auto header_begin = frame.begin() + long(l.l2_len);
    const auto payload_begin = header_begin + long(l.ip_header) + long(offset);
    Bytes out(frame.begin(), header_begin + long(l.ip_header));
    uint8_t* ip = out.data() + l.l2_len;
    if (!l.v6) {
        wire::store_be<uint16_t>(ip + 2, uint16_t(l.ip_header + length));
        wire::store_be<uint16_t>(ip + 4, uint16_t(id));
        wire::store_be<uint16_t>(ip + 6, uint16_t((more ? kMoreFragments : 0) | offset / 8));
        set_ipv4_checksum(ip, l.ip_header);
    } else {
        const uint8_t protocol = ip[6];
        wire::store_be<uint16_t>(ip + 4, uint16_t(kFragmentHeader + length));
        ip[6] = kNextHeaderFragment;
        out.push_back(protocol);
        out.push_back(0);  // reserved
        append_be<uint16_t>(out, uint16_t(offset | (more ? 1 : 0)));
        append_be<uint32_t>(out, id);
    }
    out.insert(out.end(), payload_begin, payload_begin + long(length));
    return out;
}

std::vector<Bytes> fragment_frame(const Bytes& frame, std::size_t mtu, uint32_t id) {
    const Layout l = checked_layout(frame);
    const std::size_t overhead = l.ip_header + (l.v6 ? kFragmentHeader : 0);
    if (mtu < overhead + 8) throw std::invalid_argument("fragment_frame: MTU too small");
    const std::size_t step = (mtu - overhead) / 8 * 8;
    const std::size_t payload = l.ip_total - l.ip_header;
    std::vector<Bytes> fragments;
    for (std::size_t offset = 0; offset < payload; offset += step) {
        const std::size_t length = std::min(step, payload - offset);
        fragments.push_back(fragment_at(frame, offset, length, offset + length < payload, id));
    }
    return fragments;
}

Reassembly reassemble_frames(std::span<const Bytes> frames) {
    Reassembly out;
    if (frames.empty()) {
        out.error = "no frames";
        return out;
    }
    std::map<std::size_t, Piece> pieces;  // by offset
    std::optional<Layout> first_layout;
    const Bytes* first_frame = nullptr;
    for (const Bytes& frame : frames) {
        const auto l = layout_of(frame, out.error);
        if (!l) return out;
        out.largest_ip_packet = std::max(out.largest_ip_packet, l->ip_total);
        auto p = piece_of(frame, *l, out.error);
        if (!p) return out;
        if (!pieces.empty() && pieces.begin()->second.id != p->id) {
            out.error = "fragments of different datagrams";
            return out;
        }
        if (p->offset == 0) {
            first_layout = l;
            first_frame = &frame;
        }
        const std::size_t offset = p->offset;
        if (!pieces.emplace(offset, std::move(*p)).second) {
            out.error = "two fragments at offset " + std::to_string(offset);
            return out;
        }
    }
    if (!first_frame) {
        out.error = "no fragment at offset 0";
        return out;
    }
    Bytes data;
    for (const auto& [offset, piece] : pieces) {
        if (offset != data.size()) {
            out.error = "gap or overlap at offset " + std::to_string(offset);
            return out;
        }
        if (!piece.more && offset != pieces.rbegin()->first) {
            out.error = "a fragment without MF before the end";
            return out;
        }
        data.insert(data.end(), piece.data.begin(), piece.data.end());
    }
    if (pieces.rbegin()->second.more) {
        out.error = "the last fragment still says more fragments";
        return out;
    }
    const Layout& l = *first_layout;
    Bytes whole(first_frame->begin(), first_frame->begin() + long(l.l2_len + l.ip_header));
    uint8_t* ip = whole.data() + l.l2_len;
    if (!l.v6) {
        wire::store_be<uint16_t>(ip + 2, uint16_t(l.ip_header + data.size()));
        wire::store_be<uint16_t>(ip + 6, 0);
        set_ipv4_checksum(ip, l.ip_header);
    } else {
        wire::store_be<uint16_t>(ip + 4, uint16_t(data.size()));
        ip[6] = pieces.begin()->second.protocol;
    }
    whole.insert(whole.end(), data.begin(), data.end());
    out.frame = std::move(whole);
    return out;
}

}  // namespace pb::test
