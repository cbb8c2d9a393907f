#ifndef CALLOCATOR_TUNING_H
#define CALLOCATOR_TUNING_H

/// Asks the C allocator to keep freed memory for reuse instead of handing it
/// back to the kernel (glibc's mallopt; nothing elsewhere).
void callocator_keep_freed_memory(void);

#endif
