// pktgen/shared_state.cpp — the shared atomics' helpers.
#include "pktgen/shared_state.hpp"

namespace pb::pktgen {

SharedState::SharedState(const Scenario& s, const DaemonSet& d, const PairPicker& p, const KindTable& k,
                         unsigned worker_count)
    : scenario(s),
      daemons(d),
      pairs(p),
      kinds(k),
      workers(worker_count),
      registered(new std::atomic<uint8_t>[d.size()]()),
      pending_tsc(new std::atomic<uint64_t>[d.size()]()),
      flow_owner(d.size()),
      credits(new Credit[worker_count]) {
    for (uint32_t i = 0; i < d.size(); ++i) flow_owner[i] = uint8_t(Generator::owner_of(s, p, i, worker_count));
}

void SharedState::learn_beacon_mac(const Mac& mac) {
    uint64_t v = 0;
    for (uint8_t byte : mac) v = v << 8 | byte;
    beacon_mac.store(v | kMacKnown, std::memory_order_release);
}

std::optional<Mac> SharedState::beacon_mac_known() const {
    const uint64_t v = beacon_mac.load(std::memory_order_acquire);
    if (!(v & kMacKnown)) return std::nullopt;
    Mac mac;
    for (int i = 5; i >= 0; --i) mac[std::size_t(i)] = uint8_t(v >> (8 * (5 - i)));
    return mac;
}

void SharedState::mark_registered(uint32_t daemon) {
    if (registered[daemon].exchange(1, std::memory_order_relaxed) == 0)
        registered_count.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace pb::pktgen
