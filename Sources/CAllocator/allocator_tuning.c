#include "allocator_tuning.h"

#if defined(__linux__)
#include <malloc.h>
#endif

void callocator_keep_freed_memory(void) {
#if defined(M_TOP_PAD)
    // Grow and trim the heap in large steps, so that the tables a split's
    // cases copy and free come back from memory already mapped. (A fixed
    // trim or mmap threshold would instead stop glibc from raising the
    // latter to fit such tables, which it does on its own.)
    mallopt(M_TOP_PAD, 16 << 20);
#endif
}
