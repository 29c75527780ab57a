#ifndef SHIM_LINUX_ARRAY_SIZE_H
#define SHIM_LINUX_ARRAY_SIZE_H

/* No __must_be_array() here: its type checks are GNU builtins */
#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))

#endif
