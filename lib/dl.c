/*
 * dl: one symbol of a library loaded with dlopen (dl.h).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "dl.h"

int
dl_sym(void *lib, const char *libname, const char *name, void *slot,
    size_t size, char *err, size_t errsize)
{
	void *p = dlsym(lib, name);

	if (p == NULL) {
		snprintf(err, errsize, "%s: no symbol %s", libname, name);
		return -1;
	}
	memcpy(slot, &p, size);
	return 0;
}
