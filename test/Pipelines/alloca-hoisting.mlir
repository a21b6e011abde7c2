// A convolution whose filter count (13) has no register-tile divisor reads
// its filter tile through a broadcast transfer, which convert-vector-to-scf
// stages in a stack buffer. That buffer must be allocated once per kernel
// (per iteration scope with threads), never inside the loops: there it grew
// the stack by 608 bytes per iteration and overflowed 8 MiB at run time
// (ONNX conformance case pytorch-operator/test_operator_conv).
// RUN: mcg-opt %s --cgraph-to-llvm -mlir-print-ir-after=buffer-loop-hoisting 2>&1 >/dev/null | FileCheck %s
// RUN: mcg-opt %s '--cgraph-to-llvm=threads=2' | FileCheck %s --check-prefix=OMP

// The conv kernel's loop nest (after the filter transpose's loops) starts
// right after the one buffer, and no other alloca follows.
// CHECK-LABEL: func.func private @g__k0_conv2d
// CHECK: memref.alloca() : memref<vector<8x19xf32>>
// CHECK-NEXT: scf.for %{{.*}} = %c0 to %c13 step %c1 {
// CHECK-NOT: memref.alloca
// CHECK: return

// With threads the buffer is per thread: inside the parallel loop body,
// between a stack save and restore.
// OMP-LABEL: llvm.func @g__k0_conv2d
// OMP: omp.loop_nest
// OMP-NEXT: llvm.intr.stacksave
// OMP: llvm.alloca %{{.*}} x !llvm.array<8 x vector<19xf32>>
// OMP-NOT: llvm.alloca
// OMP: llvm.intr.stackrestore
cgraph.graph @g(%x: tensor<1x16x40x40xf32> as "x", %w: tensor<13x16x3x3xf32> as "w") -> (tensor<1x13x38x38xf32> as "y") {
  %y = cgraph.conv2d %x, %w : (tensor<1x16x40x40xf32>, tensor<13x16x3x3xf32>) -> tensor<1x13x38x38xf32>
  cgraph.output %y : tensor<1x13x38x38xf32>
}
