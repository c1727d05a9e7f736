/*
 * auth: the API key.
 *
 * From OPENROUTER_API_KEY, else from a key file: --key-file, else
 * OPENROUTER_KEY_FILE, else $XDG_CONFIG_HOME/orkit/key (~/.config/orkit/key).
 * A key file readable by group or others is refused, as ssh refuses a loose
 * private key.  The key is never taken from argv and never printed: traces
 * show auth_redact()'s form.  Commands that need no key never call this.
 */
#ifndef AUTH_H
#define AUTH_H

#include <stddef.h>

struct or_error;

/*
 * Find the key.  Returns a malloc'd string in *key and 0, or an exit status
 * with e filled: 78 when there is no key or the file's mode is too loose,
 * 66 when a named key file cannot be read.  key_file may be NULL.
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
