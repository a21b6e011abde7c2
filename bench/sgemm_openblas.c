/*
 * The OpenBLAS baseline of bench/sgemm_bench.py: times cblas_sgemm on
 * N x N row-major float matrices and prints the median and minimum.
 *
 *   cc -O2 sgemm_openblas.c -lopenblas -o sgemm_openblas
 *   OPENBLAS_NUM_THREADS=1 ./sgemm_openblas N REPEAT
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s N REPEAT\n", argv[0]);
    return 2;
  }
  int n = atoi(argv[1]), repeat = atoi(argv[2]);
  float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n),
        *c = malloc(sizeof(float) * n * n);
  for (int i = 0; i < n * n; ++i) {
    a[i] = (float)(i % 17) / 17.0f;
    b[i] = (float)(i % 13) / 13.0f;
  }
  double *ms = malloc(sizeof(double) * repeat);
  for (int r = -2; r < repeat; ++r) {
    double start = now_ms();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n,
                b, n, 0.0f, c, n);
    double end = now_ms();
    if (r >= 0)
      ms[r] = end - start;
  }
  qsort(ms, repeat, sizeof(double), cmp);
  printf("latency: median %.4f ms, min %.4f ms\n", ms[repeat / 2], ms[0]);
  return 0;
}
