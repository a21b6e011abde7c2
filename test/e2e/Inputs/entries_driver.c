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

static int same(const char *what, const float *entry, const float *alone,
                size_t n) {
  int equal = memcmp(entry, alone, n * sizeof(float)) == 0;
  printf("%s: %zu floats, %s\n", what, n,
         equal ? "bitwise equal" : "DIFFERENT");
  return equal;
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

  size_t cls_n = count(heads_cls_cls_shape, RANK(heads_cls_cls_shape));
  float *cls_entry = floats(cls_n), *cls_alone = floats(cls_n);
  heads_cls(image, cls_entry);
  cls(image, cls_alone);
  ok &= same("cls", cls_entry, cls_alone, cls_n);
  save(argv[2], "cls", cls_entry, cls_n);

  size_t seg_n = count(heads_seg_seg_shape, RANK(heads_seg_seg_shape));
  float *seg_entry = floats(seg_n), *seg_alone = floats(seg_n);
  heads_seg(image, seg_entry);
  seg(image, seg_alone);
  ok &= same("seg", seg_entry, seg_alone, seg_n);
  save(argv[2], "seg", seg_entry, seg_n);

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
  size_t head_n = count(heads_head_cls_shape, RANK(heads_head_cls_shape));
  float *head_entry = floats(head_n), *head_alone = floats(head_n);
  heads_head(feat, head_entry);
  head(feat, head_alone);
  ok &= same("head", head_entry, head_alone, head_n);
  save(argv[2], "head", head_entry, head_n);
#endif
  return ok ? 0 : 1;
}
