/*
 * prompt: gathering the messages of a request from their sources -- the
 * arguments, stdin, the -M messages, the conversation file, --system, the
 * images and files attached (MIME type sniffed, bytes as base64 data:
 * URLs), the tools and the schema.
 *
 * prompt_prepare does the reading; the other functions take bytes and do
 * no I/O, so the unit tests drive them with plain values.  Every function
 * that can fail returns an exit status of error.h (0 for success) with e
 * filled in.
 */
#ifndef PROMPT_H
#define PROMPT_H

#include <stddef.h>

#include "jqfn.h"

#include "chatopt.h"
#include "util.h"

struct or_error;

/* A prompt, a message file or an attachment larger than this is a mistake. */
#define PROMPT_INPUT_MAX	(32u << 20)

/*
 * Read the inputs (I/O): the prompt from argv and, when in_fd is not a
 * terminal, from in_fd (the messages with -M); the conversation file, the
 * system prompt file, the images and files, --tools and --schema.  Builds
 * req->messages and fills req->conv_doc, req->tools and
 * req->response_format.  A prompt of white space alone is no prompt;
 * when stdout is a terminal, binary data on in_fd (a NUL byte, an image
 * or PDF) is refused with a hint at -i and --file.
 *
 * The conversation file (-c, not with --dry-run) is locked (flock(2))
 * until prompt_conversation_done or the process's end, so that commands
 * on one file take turns; a missing one is made empty and 0600 for the
 * lock, and removed again at exit when no turn was written to it.
 * req->conversation is then pointed at the file itself, a symbolic link
 * followed (static storage, living until exit), so that the rewrite
 * leaves the link a link.  Exit statuses: 2 (no prompt, conflicting
 * flags, binary stdin), 65 (a file that is not what it should be), 66 (a
 * file that cannot be read), 75 (a conversation file that kept changing
 * under its lock).
 */
int	 prompt_prepare(struct chat_req *, int argc, char *const argv[],
	    int in_fd, struct or_error *e);

/*
 * prompt_prepare for orchat --batch (I/O), whose lines bring the prompts:
 * the messages every line starts from -- the system prompt, then the
 * images and files attached, as one user message without text, which a
 * line's prompt joins (batchio_parse) -- and the tools and schema.
 * Nothing is read from stdin or the arguments; --conversation and
 * --messages are refused (2).
 */
int	 prompt_prepare_base(struct chat_req *, struct or_error *e);

/* Let the conversation file's lock go (after its rewrite). */
void	 prompt_conversation_done(void);

/* One user message: text (may be empty) and content parts (consumed). */
jv	 prompt_user_message(const char *text, size_t len, jv parts);

/*
 * Content parts for an image or a file named on the command line: a URL
 * (http:, https:, data:) passes through; a file's bytes go as a base64
 * data: URL with the MIME type of prompt_mime.  No I/O: data is the file's
 * content, or NULL for a URL.  An image that is none of PNG, JPEG, GIF and
 * WebP is exit 65.
 */
int	 prompt_image_part(const char *name, const void *data, size_t len,
	    jv *part, struct or_error *e);
jv	 prompt_file_part(const char *name, const void *data, size_t len);
int	 prompt_is_url(const char *);

/* Append the base64 (RFC 4648, padded) of in[0..n) to out. */
void	 prompt_base64(struct buf *out, const void *in, size_t n);

/*
 * The MIME type of a file: its magic bytes first, then its name's
 * extension; NULL when neither tells.  The string is static.
 */
const char *prompt_mime(const char *name, const void *data, size_t len);

#endif
