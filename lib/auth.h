/*
 * auth: the API key.
 *
 * From OPENROUTER_API_KEY, else from a key file: --key-file, else
 * OPENROUTER_KEY_FILE, else $XDG_CONFIG_HOME/orkit/key (~/.config/orkit/key).
 * A key file readable by group or others is refused, as ssh refuses a loose
 * private key, and so is anything but a regular file (a FIFO would block).
 * The key is never taken from argv and never printed: traces show
 * auth_redact()'s form, and a key file name that looks like a key (a key
 * pasted where the name goes) is shown redacted too.  A key holding a
 * control character is refused (it would add HTTP headers).  Once a key is
 * found the process cannot dump core (PR_SET_DUMPABLE 0 on Linux, and
 * RLIMIT_CORE 0).  Commands that need no key never call this.
 */
#ifndef AUTH_H
#define AUTH_H

#include <stddef.h>

struct or_error;

/*
 * Find the key.  Returns a malloc'd string in *key and 0, or an exit status
 * with e filled: 78 when there is no key, the file's mode is too loose, it
 * is not a regular file or the key holds a control character; 66 when a
 * named key file cannot be read.  key_file may be NULL.
 */
int	 auth_key(const char *key_file, char **key, struct or_error *e);

/*
 * Like auth_key, but a missing key is no error: *key is NULL.  For requests
 * that work without one and say more with one (the model catalog).
 */
int	 auth_key_optional(const char *key_file, char **key, struct or_error *e);

/* "sk-or-v1-…" for a key that starts so, else "…": safe to print. */
const char *auth_redact(const char *key, char *buf, size_t size);

/* Overwrite and free a key. */
void	 auth_free(char *key);

#endif
