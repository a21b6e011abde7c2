/*
 * Drives a multi-entry library of the multi-head example against the
 * libraries of the same slices compiled one by one (test/e2e/entries.test):
 *
 *   mcg-compile examples/multihead.mlir --entry cls=cls --entry seg=seg \
 *       --entry "head=cls inputs=stage2/block/relu" -o DIR/heads
 *   mcg-compile examples/multihead.mlir --prune-to=cls -o DIR/cls
 *   mcg-compile examples/multihead.mlir --prune-to=seg -o DIR/seg
 *   mcg-compile examples/multihead.mlir \
 *       --prune-to="cls inputs=stage2/block/relu" -o DIR/head
 *
 * runs every entry and its separate library on the same inputs (the image
 * read from IMAGE.f32, the stage-2 features drawn from a fixed generator),
 * says whether their outputs are bitwise equal, and writes the entries'
 * outputs as raw float32 to OUTDIR/{cls,seg,head}.f32. Exit status 1 when
 * an output differs. Built with -DNO_HEAD, it leaves out the head entry.
 */
#include "cls.h"
#include "heads.h"
#include "seg.h"
#ifndef NO_HEAD
#include "head.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RANK(shape) (sizeof(shape) / sizeof((shape)[0]))

static size_t count(const int64_t *shape, size_t rank) {
  size_t n = 1;
  for (size_t i = 0; i < rank; ++i)
    n *= (size_t)shape[i];
  return n;
}

static float *floats(size_t n) {
  float *p = calloc(n, sizeof(float));
  if (!p) {
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
  return p;
}

static void save(const char *dir, const char *name, const float *p, size_t n) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s.f32", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(p, sizeof(float), n, f) != n) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
  fclose(f);
}

/* Every function here takes one input and writes one output. */
typedef void (*slice_fn)(const float *, float *);

/* Runs an entry and its separate library on `in`, says whether their
 * `out_n` outputs are bitwise equal, and saves the entry's to DIR/NAME.f32. */
static int same(const char *name, slice_fn entry, slice_fn alone,
                const float *in, size_t out_n, const char *dir) {
  float *a = floats(out_n), *b = floats(out_n);
  entry(in, a);
  alone(in, b);
  int equal = memcmp(a, b, out_n * sizeof(float)) == 0;
  printf("%s: %zu floats, %s\n", name, out_n,
         equal ? "bitwise equal" : "DIFFERENT");
  save(dir, name, a, out_n);
  free(a);
  free(b);
  return equal;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s IMAGE.f32 OUTDIR\n", argv[0]);
    return 2;
  }
  size_t in_n = count(heads_cls_image_shape, RANK(heads_cls_image_shape));
  float *image = floats(in_n);
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(image, sizeof(float), in_n, f) != in_n) {
    fprintf(stderr, "cannot read %zu floats from %s\n", in_n, argv[1]);
    return 2;
  }
  fclose(f);
  int ok = 1;

  ok &= same("cls", heads_cls, cls, image,
             count(heads_cls_cls_shape, RANK(heads_cls_cls_shape)), argv[2]);
  ok &= same("seg", heads_seg, seg, image,
             count(heads_seg_seg_shape, RANK(heads_seg_seg_shape)), argv[2]);

#ifndef NO_HEAD
  /* The cut head takes the stage-2 features: a fixed sequence in [0, 1). */
  size_t feat_n = count(heads_head_stage2_block_relu_shape,
                        RANK(heads_head_stage2_block_relu_shape));
  float *feat = floats(feat_n);
  unsigned state = 12345;
  for (size_t i = 0; i < feat_n; ++i) {
    state = state * 1103515245u + 12345u;
    feat[i] = (float)((state >> 8) & 0xffff) / 65536.0f;
  }
  ok &= same("head", heads_head, head, feat,
             count(heads_head_cls_shape, RANK(heads_head_cls_shape)), argv[2]);
#endif
  return ok ? 0 : 1;
}
