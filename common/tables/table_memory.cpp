// common/tables/table_memory.cpp — huge-page-backed, pre-faulted mappings.
#include "common/tables/table_memory.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <new>

namespace pb::tables {

namespace {
#ifndef MADV_POPULATE_WRITE
constexpr int MADV_POPULATE_WRITE = 23;  // Linux 5.14
#endif

// Writes one byte per page where the kernel cannot populate for us.
void touch_every_page(void* data, size_t bytes) {
    const size_t page = size_t(sysconf(_SC_PAGESIZE));
    auto* p = static_cast<volatile char*>(data);
    for (size_t offset = 0; offset < bytes; offset += page) p[offset] = 0;
}
}  // namespace

TableMemory::TableMemory(size_t bytes) : bytes_(bytes) {
    data_ = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (data_ == MAP_FAILED) throw std::bad_alloc();
    madvise(data_, bytes, MADV_HUGEPAGE);
    if (madvise(data_, bytes, MADV_POPULATE_WRITE) != 0) touch_every_page(data_, bytes);
}

TableMemory::~TableMemory() { munmap(data_, bytes_); }

}  // namespace pb::tables
