// Scratch arrays that one call allocates, uses and frees, in one block of memory. The first touch
// of a page is a page fault, and on the VMs we measure on that costs about 15 us per 4 KiB page (a
// fresh 6 MiB written once: 19 ms), which made a k-means fit's per-point arrays cost a quarter of the
// fit. On Linux a block of 1 MiB or more is mapped on its own and advised to use 2 MiB pages (the
// same 6 MiB: 0.4 ms) where the system allows it (transparent_hugepage "madvise" or "always");
// elsewhere, and for smaller blocks, it comes from new[].
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace mymodule::detail {

class Scratch {
public:
    /// Arrays of the given sizes in bytes, each aligned to 64 bytes, not initialised.
    /// \throws std::bad_alloc if the memory cannot be had
    explicit Scratch(std::initializer_list<std::size_t> bytes) {
        std::size_t total = 0;
        for (std::size_t b : bytes) {
            offsets_.push_back(total);
            const std::size_t rounded = roundUp(b, kAlign);
            if (rounded < b || total + rounded < total) throw std::bad_alloc();
            total += rounded;
        }
        allocate(total + kAlign);
    }

    /// The array at `index`, as elements of T (trivial types only: nothing is constructed).
    template <class T>
    T* get(std::size_t index) const {
        return reinterpret_cast<T*>(base_ + offsets_.at(index));
    }

private:
    static constexpr std::size_t kAlign = 64;
    static constexpr std::size_t kHugePage = std::size_t{2} << 20;
    static constexpr std::size_t kLarge = std::size_t{1} << 20;

    static std::size_t roundUp(std::size_t n, std::size_t unit) { return (n + unit - 1) / unit * unit; }

    // How the block goes back: munmap for a mapping of `mapped` bytes, delete[] otherwise.
    struct Release {
        std::size_t mapped;
        void operator()(unsigned char* p) const noexcept {
#if defined(__linux__)
            if (mapped != 0) {
                munmap(p, mapped);
                return;
            }
#endif
            delete[] p;
        }
    };

    void allocate(std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        if (bytes >= kLarge) {
            // Room to start on a 2 MiB boundary: a huge page covers only whole aligned 2 MiB.
            const std::size_t pages = roundUp(bytes, kHugePage);
            void* p = mmap(nullptr, pages + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED) throw std::bad_alloc();
            memory_ = Memory(static_cast<unsigned char*>(p), Release{pages + kHugePage});
            base_ = reinterpret_cast<unsigned char*>(roundUp(reinterpret_cast<std::uintptr_t>(p), kHugePage));
            madvise(base_, pages, MADV_HUGEPAGE);  // a hint: where huge pages are off it changes nothing
            return;
        }
#endif
        memory_ = Memory(new unsigned char[bytes], Release{0});
        base_ = reinterpret_cast<unsigned char*>(roundUp(reinterpret_cast<std::uintptr_t>(memory_.get()), kAlign));
    }

    using Memory = std::unique_ptr<unsigned char[], Release>;
    std::vector<std::size_t> offsets_;
    Memory memory_;
    unsigned char* base_ = nullptr;
};

}  // namespace mymodule::detail
