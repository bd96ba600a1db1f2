// controlplane/registry/lifetime.hpp — protects an object's asynchronous
// completions from outliving it: a handler wrapped by guard() does nothing
// once the Lifetime (a member of the object) has been destroyed.
#pragma once

#include <memory>
#include <utility>

namespace pb::registry {

class Lifetime {
public:
    template <typename Handler>
    auto guard(Handler handler) const {
        return [alive = std::weak_ptr<const bool>(token_), handler = std::move(handler)](auto&&... args) mutable {
            if (!alive.expired()) handler(std::forward<decltype(args)>(args)...);
        };
    }

private:
    std::shared_ptr<const bool> token_ = std::make_shared<const bool>(true);
};

}  // namespace pb::registry
