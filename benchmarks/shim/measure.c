/*
 * measure CMD ARGS...: runs CMD and prints "wall_us cpu_us maxrss_kib exit" on descriptor 3
 * (CMD's stdout and stderr stay its own). CPU is user+sys of CMD and all its threads from wait4's
 * rusage, which Linux derives from the scheduler's nanosecond runtime (finer than /usr/bin/time's
 * 10 ms %U/%S). Wall is CLOCK_MONOTONIC from just before fork to just after wait4.
 * Built by benchmarks/run.sh with the system gcc.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: measure CMD ARGS... (result on fd 3)\n");
        return 2;
    }
    long long start = now_us();
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 2;
    }
    if (pid == 0) {
        close(3);
        execvp(argv[1], argv + 1);
        perror("execvp");
        _exit(127);
    }
    int status = 0;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) < 0) {
        perror("wait4");
        return 2;
    }
    long long wall = now_us() - start;
    long long cpu = (long long)usage.ru_utime.tv_sec * 1000000 + usage.ru_utime.tv_usec
            + (long long)usage.ru_stime.tv_sec * 1000000 + usage.ru_stime.tv_usec;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    dprintf(3, "%lld %lld %ld %d\n", wall, cpu, usage.ru_maxrss, code);
    return 0;
}
