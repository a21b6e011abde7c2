// cgraph-to-llvm: a graph becomes an LLVM function over bare pointers,
// inputs then outputs, with private kernels and no runtime calls beyond
// malloc/free and libm.
// RUN: mcg-opt %s --cgraph-to-llvm | FileCheck %s
// RUN: mcg-opt %s --cgraph-to-llvm | mcg-translate --mlir-to-llvmir | FileCheck %s --check-prefix=IR

// CHECK: llvm.func @g(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr)
// CHECK: llvm.call @g__k0_matmul
// CHECK-NOT: memrefCopy
// IR: define void @g(ptr %0, ptr %1, ptr %2)
// IR: call <32 x float> @llvm.fma.v32f32

// The register tile is a pipeline option (defaults 8 x 32 x 8): AVX2-sized
// tiles make 16-lane fused multiply-adds.
// RUN: mcg-opt %s '--cgraph-to-llvm=m-tile=4 n-tile=16' | mcg-translate --mlir-to-llvmir | FileCheck %s --check-prefix=AVX2
// AVX2: call <16 x float> @llvm.fma.v16f32
// AVX2-NOT: v32f32
// Without FMA instructions (fma=false), multiply-adds are never fused.
// RUN: mcg-opt %s '--cgraph-to-llvm=fma=false' | mcg-translate --mlir-to-llvmir | FileCheck %s --check-prefix=NOFMA
// NOFMA-NOT: @llvm.fma
// NOFMA-NOT: @llvm.fmuladd
// NOFMA: fmul <32 x float>
// NOFMA: fadd <32 x float>
// RUN: not mcg-opt %s '--cgraph-to-llvm=k-tile=-1' 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: vectorize-contractions: tile sizes must be positive, got m-tile=8 n-tile=32 k-tile=-1 lanes=16
// The lanes option reaches the passes (it used to be dropped).
// RUN: not mcg-opt %s '--cgraph-to-llvm=lanes=0' 2>&1 | FileCheck %s --check-prefix=LANES
// LANES: error: vectorize-contractions: tile sizes must be positive, got m-tile=8 n-tile=32 k-tile=8 lanes=0
cgraph.graph @g(%a: tensor<8x16xf32> as "a", %b: tensor<16x32xf32> as "b") -> (tensor<8x32xf32> as "c") {
  %c = cgraph.matmul %a, %b : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  cgraph.output %c : tensor<8x32xf32>
}
