// tests/support/eal_environment.hpp — a GoogleTest environment that owns the
// DPDK EAL of a test process: initialised once before the first test with no
// hugepages, no PCI and a single lcore (workers are polled from the test
// thread), under a file prefix unique to the process so that ctest may run
// test processes in parallel; cleaned up, runtime directory included, after
// the last test.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "dataplane/eal.hpp"

namespace pb::test {

class EalEnvironment : public ::testing::Environment {
public:
    explicit EalEnvironment(std::string test_name);

    void SetUp() override;
    void TearDown() override;

    // The EAL arguments this process uses (for messages and tests of the harness).
    const std::vector<std::string>& arguments() const { return args_; }

private:
    std::vector<std::string> args_;
    std::unique_ptr<dp::Eal> eal_;
    std::string runtime_dir_;
};

// The name a test program registers its environment under: the basename of argv[0].
std::string test_program_name(const char* argv0);

}  // namespace pb::test
