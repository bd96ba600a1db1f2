// tests/support/eal_test_main.cpp — main() of the dataplane test programs:
// GoogleTest plus the process-wide EAL environment.
#include <gtest/gtest.h>

#include "tests/support/eal_environment.hpp"

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new pb::test::EalEnvironment(pb::test::test_program_name(argv[0])));
    return RUN_ALL_TESTS();
}
