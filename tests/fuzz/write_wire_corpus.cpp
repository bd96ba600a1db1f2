// tests/fuzz/write_wire_corpus.cpp — writes the wire golden vectors
// (tests/unit/wire/golden_vectors.hpp, and the STUN ones of stun_vectors.hpp
// as stun_<name>) as fuzz_wire's seed corpus, one file per vector, into the
// directory named on the command line:
//   write_wire_corpus tests/fuzz/corpus/wire
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>

#include "tests/unit/wire/golden_vectors.hpp"
#include "tests/unit/wire/stun_vectors.hpp"

namespace {

bool write_all(const std::filesystem::path& directory, std::span<const pb::wire::golden::NamedVector> vectors,
               const std::string& prefix) {
    for (const auto& vector : vectors) {
        const std::filesystem::path path = directory / (prefix + std::string(vector.name));
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file.write(reinterpret_cast<const char*>(vector.bytes.data()), std::streamsize(vector.bytes.size()));
        if (!file) {
            std::fprintf(stderr, "cannot write %s\n", path.c_str());
            return false;
        }
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <corpus directory>\n", argv[0]);
        return 2;
    }
    const std::filesystem::path directory = argv[1];
    std::filesystem::create_directories(directory);
    using namespace pb::wire::golden;
    if (!write_all(directory, kAllVectors, "") || !write_all(directory, kAllStunVectors, "stun_")) return 1;
    return 0;
}
