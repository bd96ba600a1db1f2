// tests/support/eal_environment.cpp — EAL arguments and lifetime for tests.
#include "tests/support/eal_environment.hpp"

#include <rte_eal.h>
#include <sched.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

namespace pb::test {

namespace {

// The first CPU this process may run on (0 unless the test runs under taskset).
int first_allowed_cpu() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
            if (CPU_ISSET(cpu, &set)) return cpu;
    return 0;
}

}  // namespace

EalEnvironment::EalEnvironment(std::string test_name)
    : args_{test_name,
            "--no-huge",
            "-m",
            "512",
            "--no-pci",
            "--lcores",
            "0@" + std::to_string(first_allowed_cpu()),
            "--log-level=error",
            "--file-prefix",
            "pb-" + test_name + "-" + std::to_string(getpid())} {}

void EalEnvironment::SetUp() {
    try {
        eal_ = std::make_unique<dp::Eal>(args_);
    } catch (const std::exception& e) {
        FAIL() << e.what();
    }
    runtime_dir_ = rte_eal_get_runtime_dir();
}

void EalEnvironment::TearDown() {
    eal_.reset();
    // rte_eal_cleanup leaves the per-prefix runtime directory behind.
    std::error_code ignored;
    if (!runtime_dir_.empty()) std::filesystem::remove_all(runtime_dir_, ignored);
}

std::string test_program_name(const char* argv0) { return std::filesystem::path(argv0).filename().string(); }

}  // namespace pb::test
