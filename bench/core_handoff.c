/*
 * How dearly the machine's cores hand data to each other, for
 * bench/zoo_bench.py: two threads (on CPUs 0 and 1) pass a 72 x 3136 float
 * feature map (882 KiB, a mobilenet layer on 56 x 56) from one layer to the
 * next, as two kernels split on threads do. Each thread writes its half of
 * X split by channels; then each reads its half of X and writes its half of
 * Y, split either by channels again (each thread reads what it wrote) or
 * by positions (each thread reads half of its input from the other core).
 *
 *   clang-22 -O2 -march=native -pthread core_handoff.c -o core_handoff
 *   ./core_handoff [ROUNDS]
 *     -> "core handoff: same split X us, other split Y us (Z x), 882 KiB"
 *
 * The time of the second step: the slower thread's, median of ROUNDS
 * (default 1000). On the 2-core VM this was written on, the other split
 * took 13-16 us in some hours and 45-55 us in others, the same split 7-9
 * us in both: two-thread latencies of whole networks moved with it
 * (mobilenet_v2 on two threads: 2.9 ms against 4.2-4.5 ms).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { C = 72, P = 3136 };

static float *x, *y;
static int rounds = 1000;
static double *spent[2];
static int otherSplit;
static pthread_barrier_t barrier;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Channels [c0, c1) x positions [p0, p1) of thread `me`'s half. */
static void half(int me, int byPositions, int *c0, int *c1, int *p0, int *p1) {
  *c0 = byPositions ? 0 : me * C / 2;
  *c1 = byPositions ? C : (me + 1) * C / 2;
  *p0 = byPositions ? me * P / 2 : 0;
  *p1 = byPositions ? (me + 1) * P / 2 : P;
}

static void *run(void *arg) {
  int me = (int)(long)arg;
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  CPU_SET(me, &cpus);
  pthread_setaffinity_np(pthread_self(), sizeof cpus, &cpus);
  int c0, c1, p0, p1;
  for (int r = 0; r < rounds; ++r) {
    half(me, 0, &c0, &c1, &p0, &p1);
    for (int c = c0; c < c1; ++c)
      for (int p = p0; p < p1; ++p)
        x[c * P + p] = y[c * P + p] * 0.5f + 1.0f;
    pthread_barrier_wait(&barrier);
    double start = now();
    half(me, otherSplit, &c0, &c1, &p0, &p1);
    for (int c = c0; c < c1; ++c)
      for (int p = p0; p < p1; ++p)
        y[c * P + p] = x[c * P + p] * 2.0f;
    spent[me][r] = now() - start;
    pthread_barrier_wait(&barrier);
  }
  return NULL;
}

static int byValue(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Median over the rounds of the slower thread's time, in microseconds. */
static double measure(int split) {
  otherSplit = split;
  pthread_t threads[2];
  pthread_barrier_init(&barrier, NULL, 2);
  for (long t = 0; t < 2; ++t)
    pthread_create(&threads[t], NULL, run, (void *)t);
  for (int t = 0; t < 2; ++t)
    pthread_join(threads[t], NULL);
  pthread_barrier_destroy(&barrier);
  double *slower = malloc(rounds * sizeof(double));
  for (int r = 0; r < rounds; ++r)
    slower[r] = spent[0][r] > spent[1][r] ? spent[0][r] : spent[1][r];
  qsort(slower, rounds, sizeof(double), byValue);
  double median = slower[rounds / 2] * 1e6;
  free(slower);
  return median;
}

int main(int argc, char **argv) {
  if (argc > 1)
    rounds = atoi(argv[1]);
  if (rounds < 1) {
    fprintf(stderr, "usage: core_handoff [ROUNDS > 0]\n");
    return 2;
  }
  x = aligned_alloc(64, sizeof(float) * C * P);
  y = aligned_alloc(64, sizeof(float) * C * P);
  spent[0] = malloc(rounds * sizeof(double));
  spent[1] = malloc(rounds * sizeof(double));
  if (!x || !y || !spent[0] || !spent[1])
    return 1;
  memset(x, 0, sizeof(float) * C * P);
  memset(y, 0, sizeof(float) * C * P);
  double same = measure(0), other = measure(1);
  printf("core handoff: same split %.1f us, other split %.1f us (%.1f x), "
         "%d KiB\n",
         same, other, other / same, (int)(sizeof(float) * C * P / 1024));
  return 0;
}
