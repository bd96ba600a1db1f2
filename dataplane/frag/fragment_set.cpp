// dataplane/frag/fragment_set.cpp — sorted insertion with the RFC 5722
// overlap rule (exact duplicates dropped alone, as RFC 8200 allows).
#include "dataplane/frag/fragment_set.hpp"

#include <cstring>

namespace pb::dp::frag {

AddResult FragmentSet::add(rte_mbuf* m, uint16_t offset, uint16_t length, bool more) {
    const uint32_t last = uint32_t(offset) + length;
    unsigned at = 0;
    while (at < count && begin[at] < offset) ++at;
    if (at < count && begin[at] == offset && end[at] == last) return AddResult::Duplicate;
    if ((at > 0 && end[at - 1] > offset) || (at < count && begin[at] < last)) return AddResult::Overlap;
    if (more) {
        // Data ending at or past the end: a last fragment would have to follow it.
        if (last_seen && last >= total) return AddResult::InconsistentLength;
    } else if (last_seen ? last != total : (count > 0 && end[count - 1] > last)) {
        return AddResult::InconsistentLength;
    }
    if (count == kMaxFragmentsPerDatagram) return AddResult::TooMany;
    const unsigned after = count - at;
    std::memmove(&mbufs[at + 1], &mbufs[at], after * sizeof mbufs[0]);
    std::memmove(&begin[at + 1], &begin[at], after * sizeof begin[0]);
    std::memmove(&end[at + 1], &end[at], after * sizeof end[0]);
    mbufs[at] = m;
    begin[at] = offset;
    end[at] = uint16_t(last);
    ++count;
    received += length;
    if (!more) {
        last_seen = true;
        total = last;
    }
    return AddResult::Stored;
}

unsigned FragmentSet::free_all() {
    const unsigned freed = count;
    for (unsigned i = 0; i < freed; ++i) rte_pktmbuf_free(mbufs[i]);
    reset();
    return freed;
}

void FragmentSet::reset() {
    count = 0;
    last_seen = false;
    total = 0;
    received = 0;
}

}  // namespace pb::dp::frag
