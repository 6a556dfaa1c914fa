/*
 * The floor for sockbuf's per-socket cost: an LD_PRELOAD library that wraps libc's socket() and,
 * for every new AF_INET/AF_INET6 SOCK_STREAM or SOCK_DGRAM socket, calls setsockopt(SO_RCVBUF)
 * and setsockopt(SO_SNDBUF) once each. Nothing else: no read-back, no logging, no counting.
 * Accepted sockets are left alone (Linux copies both buffers from the listener, which was made
 * by socket() and so was sized here).
 *
 * Sizes: SHIM_RECV / SHIM_SEND (bytes, default 8192; 0 = leave that buffer alone), read once.
 * Built by benchmarks/run.sh:  gcc -O2 -shared -fPIC -o libsetsockopt_shim.so setsockopt_shim.c -ldl
 * Used as:                     LD_PRELOAD=.../libsetsockopt_shim.so java ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/socket.h>

static int (*real_socket)(int, int, int);
static int recv_size = 8192;
static int send_size = 8192;

static int size_from_env(const char *name, int fallback) {
    const char *value = getenv(name);
    return value != NULL && *value != '\0' ? atoi(value) : fallback;
}

__attribute__((constructor)) static void shim_init(void) {
    real_socket = (int (*)(int, int, int))dlsym(RTLD_NEXT, "socket");
    recv_size = size_from_env("SHIM_RECV", 8192);
    send_size = size_from_env("SHIM_SEND", 8192);
}

int socket(int domain, int type, int protocol) {
    if (real_socket == NULL) {
        shim_init();
    }
    int fd = real_socket(domain, type, protocol);
    int kind = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0 && (domain == AF_INET || domain == AF_INET6) && (kind == SOCK_STREAM || kind == SOCK_DGRAM)) {
        if (recv_size > 0) {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &recv_size, sizeof recv_size);
        }
        if (send_size > 0) {
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &send_size, sizeof send_size);
        }
    }
    return fd;
}
