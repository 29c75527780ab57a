#ifndef SHIM_LINUX_SPRINTF_H
#define SHIM_LINUX_SPRINTF_H
/* The decision code only uses snprintf(), whose semantics libc shares */
#include <stdio.h>
#endif
