#ifndef SHIM_LINUX_STRING_H
#define SHIM_LINUX_STRING_H
/* Only memset() is used; libc's is the same */
#include <string.h>
#endif
