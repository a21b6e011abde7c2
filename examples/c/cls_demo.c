/*
 * A deployment of the multi-head example's classification slice:
 *
 *   mcg-compile examples/multihead.mlir --prune-to=cls -o out/cls
 *   cc -I out examples/c/cls_demo.c -L out -lcls -Wl,-rpath,out -o cls_demo
 *   ./cls_demo image.f32 cls.f32
 *
 * reads the 1x3x64x64 input image as raw little-endian float32, runs the
 * compiled model, writes the 1x10 class probabilities the same way, and
 * prints the most likely class.
 */
#include "cls.h"

#include <stdio.h>
#include <stdlib.h>

static size_t count(const int64_t *shape, size_t rank) {
  size_t n = 1;
  for (size_t i = 0; i < rank; ++i)
    n *= (size_t)shape[i];
  return n;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s IMAGE.f32 OUT.f32\n", argv[0]);
    return 2;
  }
  size_t in_n = count(cls_image_shape, 4), out_n = count(cls_cls_shape, 2);
  float *image = malloc(in_n * sizeof(float));
  float *probs = malloc(out_n * sizeof(float));
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(image, sizeof(float), in_n, f) != in_n) {
    fprintf(stderr, "cannot read %zu floats from %s\n", in_n, argv[1]);
    return 1;
  }
  fclose(f);

  cls(image, probs);

  size_t best = 0;
  for (size_t i = 1; i < out_n; ++i)
    if (probs[i] > probs[best])
      best = i;
  printf("class %zu, probability %.4f\n", best, probs[best]);
  f = fopen(argv[2], "wb");
  if (!f || fwrite(probs, sizeof(float), out_n, f) != out_n) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  fclose(f);
  free(image);
  free(probs);
  return 0;
}
