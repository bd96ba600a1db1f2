// tests/fuzz/write_wire_corpus.cpp — writes the wire golden vectors
// (tests/unit/wire/golden_vectors.hpp) as fuzz_wire's seed corpus, one file
// per vector, into the directory named on the command line:
//   write_wire_corpus tests/fuzz/corpus/wire
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/unit/wire/golden_vectors.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <corpus directory>\n", argv[0]);
        return 2;
    }
    const std::filesystem::path directory = argv[1];
    std::filesystem::create_directories(directory);
    for (const auto& vector : pb::wire::golden::kAllVectors) {
        std::ofstream file(directory / vector.name, std::ios::binary | std::ios::trunc);
        file.write(reinterpret_cast<const char*>(vector.bytes.data()), std::streamsize(vector.bytes.size()));
        if (!file) {
            std::fprintf(stderr, "cannot write %s\n", (directory / vector.name).c_str());
            return 1;
        }
    }
    return 0;
}
