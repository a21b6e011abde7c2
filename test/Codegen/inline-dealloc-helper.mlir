// RUN: mcg-opt %s --inline-dealloc-helper | FileCheck %s

// The helper's dynamic memref arguments cannot cross a bare-pointer call:
// its calls are inlined (here inside a loop body, a single-block region)
// and it is erased.
// CHECK-LABEL: func.func @k
// CHECK:         scf.for
// CHECK-NOT:       call @dealloc_helper
// CHECK:           memref.store %{{.*}}, %{{.*}}[%{{.*}}] : memref<?xi1>
// CHECK-NOT:   func.func private @dealloc_helper
func.func @k(%flags: memref<4xi1>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cast = memref.cast %flags : memref<4xi1> to memref<?xi1>
  scf.for %i = %c0 to %n step %c1 {
    func.call @dealloc_helper(%cast, %i) : (memref<?xi1>, index) -> ()
  }
  return
}
func.func private @dealloc_helper(%m: memref<?xi1>, %i: index) {
  %true = arith.constant true
  memref.store %true, %m[%i] : memref<?xi1>
  return
}
