// dataplane/frag/fragment_set.hpp — the fragments held for one datagram:
// a fixed array sorted by offset, never overlapping, with the datagram's
// length once its last fragment is known. Decides duplicate / overlap /
// inconsistent length / too many; knows nothing about headers or time.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>

namespace pb::dp::frag {

// Fragments one datagram may arrive in. 65,535 bytes over a 1500-byte MTU
// take 45 (IPv4) or 46 (IPv6); over the IPv6 minimum MTU (1280) 54.
inline constexpr unsigned kMaxFragmentsPerDatagram = 64;

enum class AddResult : uint8_t {
    Stored,              // the set owns the mbuf now
    Duplicate,           // exactly the range of a held fragment (RFC 8200 §4.5: drop it alone)
    Overlap,             // overlaps a held fragment (RFC 5722): abandon the datagram
    InconsistentLength,  // contradicts the length given by a last fragment: abandon the datagram
    TooMany,             // kMaxFragmentsPerDatagram held already: abandon the datagram
};

struct FragmentSet {
    uint16_t count = 0;
    bool last_seen = false;
    uint32_t total = 0;     // the datagram's payload bytes, once last_seen
    uint32_t received = 0;  // data bytes held
    rte_mbuf* mbufs[kMaxFragmentsPerDatagram];
    uint16_t begin[kMaxFragmentsPerDatagram];
    uint16_t end[kMaxFragmentsPerDatagram];

    // Adds fragment data [offset, offset + length) (length > 0, end <= 65,535);
    // `more` false marks the last fragment. Takes `m` only on Stored.
    AddResult add(rte_mbuf* m, uint16_t offset, uint16_t length, bool more);

    // Held fragments never overlap and lie in [0, total), so equal byte
    // counts mean [0, total) is covered without gaps.
    bool complete() const { return last_seen && received == total; }

    // Frees every held mbuf and empties the set; returns how many.
    unsigned free_all();
    // Empties the set without freeing: the mbufs now belong to someone else.
    void reset();
};

}  // namespace pb::dp::frag
