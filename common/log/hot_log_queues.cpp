// common/log/hot_log_queues.cpp — draining the workers' queues into the
// control-plane logger.
#include "common/log/hot_log_queues.hpp"

#include <string>

#include "common/log/log.hpp"

namespace pb::log {

HotLogQueues::HotLogQueues(std::size_t workers, std::size_t records_per_queue) {
    workers_.reserve(workers);
    for (std::size_t i = 0; i < workers; ++i) {
        workers_.push_back({std::make_unique<HotLogQueue>(records_per_queue)});
    }
}

std::size_t HotLogQueues::drain(std::size_t max_records) {
    std::size_t written = 0;
    HotRecord record;
    bool any_queue_had_records = true;
    while (written < max_records && any_queue_had_records) {
        any_queue_had_records = false;
        for (std::size_t worker = 0; worker < workers_.size() && written < max_records; ++worker) {
            if (!workers_[worker].queue->try_pop(record)) continue;
            write_record(worker, record);
            any_queue_had_records = true;
            ++written;
        }
    }
    report_new_drops();
    return written;
}

uint64_t HotLogQueues::dropped() const {
    uint64_t total = 0;
    for (const Worker& worker : workers_) total += worker.queue->dropped();
    return total;
}

void HotLogQueues::write_record(std::size_t worker, const HotRecord& record) const {
    std::string message(record.message_text());
    if (record.suppressed != 0) {
        message += " (" + std::to_string(record.suppressed) + " similar messages suppressed)";
    }
    const Field fields[] = {{"worker", worker}};
    write_at(record.unix_ns, record.level, record.component, message, fields);
}

void HotLogQueues::report_new_drops() {
    for (std::size_t worker = 0; worker < workers_.size(); ++worker) {
        const uint64_t dropped = workers_[worker].queue->dropped();
        uint64_t& reported = workers_[worker].drops_reported;
        if (dropped == reported) continue;
        warn("log", "hot-path log queue full, records dropped", {{"worker", worker}, {"dropped", dropped - reported}});
        reported = dropped;
    }
}

}  // namespace pb::log
