/*
 * The machine's single-precision FMA peak, for bench/zoo_bench.py: each
 * thread runs ACC independent chains of fused multiply-adds on the widest
 * vectors the compiler targets (512-bit with AVX-512, else 256-bit, else
 * 128-bit), enough chains to cover the FMA latency on two pipes and few
 * enough to stay in registers.
 *
 *   clang-22 -O2 -march=native -pthread fma_peak.c -o fma_peak
 *   ./fma_peak THREADS [ITERATIONS]   ->  "fma peak: X GFLOP/s, T threads, B-bit vectors"
 *
 * An FMA counts 2 FLOPs per lane. Best of 5 trials (wall time from the
 * threads' start to the last one's end).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* 16 chains in 32 vector registers (AVX-512), 12 in 16 (AVX, SSE): with
   4-cycle FMAs on two pipes, 8 in flight cover the latency. */
#if defined(__AVX512F__)
#define BITS 512
#define ACC 16
#elif defined(__AVX2__) || defined(__AVX__)
#define BITS 256
#define ACC 12
#else
#define BITS 128
#define ACC 12
#endif
#define LANES (BITS / 32)

typedef float vec __attribute__((vector_size(BITS / 8)));

static long iterations = 50000000;
static volatile float sink;

static void *chains(void *unused) {
  (void)unused;
  vec a[ACC], b, c;
  for (int i = 0; i < LANES; ++i) {
    b[i] = 0.9999999f;
    c[i] = 1e-7f;
  }
  for (int j = 0; j < ACC; ++j)
    for (int i = 0; i < LANES; ++i)
      a[j][i] = (float)(j + i);
  /* ACC independent chains (fully unrolled, each in its own register); the
     FMAs come from -ffp-contract (clang's default "on" contracts a * b + c
     within one expression). Without -ffast-math nothing can fold them. */
  for (long n = 0; n < iterations; ++n) {
#pragma clang loop unroll(full)
    for (int j = 0; j < ACC; ++j)
      a[j] = a[j] * b + c;
  }
  float s = 0;
  for (int j = 0; j < ACC; ++j)
    for (int i = 0; i < LANES; ++i)
      s += a[j][i];
  sink = s;
  return NULL;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s THREADS [ITERATIONS]\n", argv[0]);
    return 2;
  }
  int threads = atoi(argv[1]);
  if (argc == 3)
    iterations = atol(argv[2]);
  pthread_t tid[64];
  if (threads < 1 || threads > 64)
    return 2;
  double best = 0;
  for (int trial = 0; trial < 5; ++trial) {
    double start = now();
    for (int t = 0; t < threads; ++t)
      pthread_create(&tid[t], NULL, chains, NULL);
    for (int t = 0; t < threads; ++t)
      pthread_join(tid[t], NULL);
    double seconds = now() - start;
    double gflops = 2.0 * LANES * ACC * iterations * threads / seconds / 1e9;
    if (gflops > best)
      best = gflops;
  }
  printf("fma peak: %.1f GFLOP/s, %d threads, %d-bit vectors, %d chains\n",
         best, threads, BITS, ACC);
  return 0;
}
