// common/wire/decode.cpp — dispatch on the type byte to the parser of each
// alternative of Message.
#include "common/wire/decode.hpp"

namespace pb::wire {

namespace {

// Parses `datagram` as M into `out` when its type byte is M's; says whether it was.
template <class M>
bool parse_if_type(std::span<const uint8_t> datagram, Result<Message>& out) {
    if (datagram[0] != uint8_t(M::kType)) return false;
    out = M::parse(datagram).map([](const M& message) { return Message(std::in_place_type<M>, message); });
    return true;
}

template <class... Ms>
Result<Message> decode_as_one_of(std::span<const uint8_t> datagram, std::variant<Ms...>*) {
    Result<Message> out = Error::UnknownType;
    (parse_if_type<Ms>(datagram, out) || ...);
    return out;
}

}  // namespace

Result<Message> decode(std::span<const uint8_t> datagram) {
    if (datagram.empty()) return Error::Empty;
    return decode_as_one_of(datagram, static_cast<Message*>(nullptr));
}

}  // namespace pb::wire
