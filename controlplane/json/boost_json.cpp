// controlplane/json/boost_json.cpp — Boost.JSON's compiled part (the
// library is used header-only). The one translation unit of the process
// that includes <boost/json/src.hpp>: every library that uses Boost.JSON
// links beacon_json instead of including src.hpp itself, so a link never
// sees two definitions.
#include <boost/json/src.hpp>
