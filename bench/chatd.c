/*
 * chatd -- the smallest HTTP server that answers a chat completion, for
 * bench/chat.sh: whatever the request, it reads it whole and answers 200
 * with the bytes of one reply file, then closes the connection.
 *
 *	chatd PORTFILE REPLY.json [CERT KEY]
 *
 * It listens on 127.0.0.1 on a free port and writes the port number to
 * PORTFILE (through a temporary file and a rename).  One connection at a
 * time, no threads, no parsing beyond Content-Length: the point is that
 * the server costs next to nothing, so that the benchmark times the
 * clients.  It exits on SIGTERM or SIGINT.
 *
 * Built with -DCHATD_TLS (and -lssl -lcrypto), CERT and KEY make it speak
 * HTTPS instead, through OpenSSL, with the server's session cache off, so
 * that every connection pays for a full handshake as a new process's does.
 */
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef CHATD_TLS
#include <openssl/err.h>
#include <openssl/ssl.h>
#endif

static char	*reply;
static size_t	 replylen;

#ifdef CHATD_TLS
static SSL_CTX	*ctx;
static SSL	*ssl;
#endif

/* read(2) and write(2), or OpenSSL's over the connection. */
static ssize_t
cread(int c, void *p, size_t n)
{
#ifdef CHATD_TLS
	if (ssl != NULL) {
		int r = SSL_read(ssl, p, n > INT_MAX ? INT_MAX : (int)n);

		return r > 0 ? r : -1;
	}
#endif
	return read(c, p, n);
}

static ssize_t
cwrite(int c, const void *p, size_t n)
{
#ifdef CHATD_TLS
	if (ssl != NULL) {
		int r = SSL_write(ssl, p, n > INT_MAX ? INT_MAX : (int)n);

		return r > 0 ? r : -1;
	}
#endif
	return write(c, p, n);
}

static void
load_reply(const char *path)
{
	char head[256];
	struct stat st;
	char *body;
	int fd, n;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1)
		err(1, "%s", path);
	body = malloc(st.st_size);
	if (body == NULL || read(fd, body, st.st_size) != st.st_size)
		err(1, "%s", path);
	close(fd);
	n = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\n"
	    "Content-Type: application/json\r\n"
	    "Content-Length: %lld\r\n"
	    "Connection: close\r\n\r\n", (long long)st.st_size);
	replylen = n + st.st_size;
	if ((reply = malloc(replylen)) == NULL)
		err(1, "malloc");
	memcpy(reply, head, n);
	memcpy(reply + n, body, st.st_size);
	free(body);
}

/* The body's length from the request head, or 0. */
static long
content_length(const char *head)
{
	const char *p;

	for (p = head; (p = strchr(p, '\n')) != NULL; p++)
		if (strncasecmp(p + 1, "Content-Length:", 15) == 0)
			return strtol(p + 16, NULL, 10);
	return 0;
}

static void
serve(int c)
{
	char buf[65536], *end;
	size_t have = 0, total = 0;
	long need = -1;
	ssize_t n;

	/* The head, then as much body as it announced. */
	for (;;) {
		n = cread(c, buf + have, sizeof buf - 1 - have);
		if (n <= 0)
			return;
		have += n;
		total += n;
		buf[have] = '\0';
		if (need < 0 && (end = strstr(buf, "\r\n\r\n")) != NULL) {
			*end = '\0';
			need = (end + 4 - buf) + content_length(buf);
		}
		if (need >= 0 && (long)total >= need)
			break;
		/* A big body is counted, not kept; a huge head is refused. */
		if (have == sizeof buf - 1) {
			if (need < 0)
				return;
			have = 0;
		}
	}
	for (const char *p = reply; p < reply + replylen; p += n)
		if ((n = cwrite(c, p, reply + replylen - p)) <= 0)
			return;
}

static void
quit(int sig)
{
	(void)sig;
	_exit(0);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	char tmp[4096];
	FILE *fp;
	int s, c, one = 1;

	if (argc != 3 && argc != 5)
		errx(2, "usage: chatd PORTFILE REPLY.json [CERT KEY]");
	load_reply(argv[2]);
	if (argc == 5) {
#ifdef CHATD_TLS
		if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL ||
		    SSL_CTX_use_certificate_chain_file(ctx, argv[3]) != 1 ||
		    SSL_CTX_use_PrivateKey_file(ctx, argv[4],
		    SSL_FILETYPE_PEM) != 1) {
			ERR_print_errors_fp(stderr);
			errx(1, "%s, %s: cannot serve TLS", argv[3], argv[4]);
		}
		SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
		SSL_CTX_set_num_tickets(ctx, 0);
#else
		errx(2, "built without TLS (-DCHATD_TLS)");
#endif
	}
	signal(SIGTERM, quit);
	signal(SIGINT, quit);
	signal(SIGPIPE, SIG_IGN);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		err(1, "socket");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    listen(s, 128) == -1 ||
	    getsockname(s, (struct sockaddr *)&sa, &len) == -1)
		err(1, "listen");
	snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
	if ((fp = fopen(tmp, "w")) == NULL)
		err(1, "%s", tmp);
	fprintf(fp, "%d\n", ntohs(sa.sin_port));
	if (fclose(fp) == EOF || rename(tmp, argv[1]) == -1)
		err(1, "%s", argv[1]);
	for (;;) {
		if ((c = accept(s, NULL, NULL)) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "accept");
		}
		setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#ifdef CHATD_TLS
		if (ctx != NULL) {
			if ((ssl = SSL_new(ctx)) != NULL &&
			    SSL_set_fd(ssl, c) == 1 && SSL_accept(ssl) == 1) {
				serve(c);
				SSL_shutdown(ssl);
			}
			SSL_free(ssl);
			ssl = NULL;
			ERR_clear_error();
			close(c);
			continue;
		}
#endif
		serve(c);
		close(c);
	}
}
