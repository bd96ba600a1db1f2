// common/log/hot_emit.cpp — log_hot(): filter, rate-limit, format in place.
#include "common/log/hot_emit.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "common/log/log.hpp"

namespace pb::log {

bool log_hot(HotLogQueue& queue, RateLimiter& call_site, uint64_t now_unix_ns, Level level, const char* component,
             const char* format, ...) noexcept {
    if (!enabled(level)) return false;
    const RateLimiter::Admission admission = call_site.admit(now_unix_ns);
    if (!admission.admitted) return false;
    HotRecord* record = queue.try_claim();
    if (record == nullptr) {
        call_site.restore_suppressed(admission.suppressed);
        return false;
    }
    record->unix_ns = now_unix_ns;
    record->component = component;
    record->suppressed = admission.suppressed;
    record->level = level;
    va_list arguments;
    va_start(arguments, format);
    const int length = std::vsnprintf(record->message, HotRecord::kMessageCapacity, format, arguments);
    va_end(arguments);
    record->message_length = uint8_t(std::clamp(length, 0, int(HotRecord::kMessageCapacity) - 1));
    queue.publish();
    return true;
}

}  // namespace pb::log
