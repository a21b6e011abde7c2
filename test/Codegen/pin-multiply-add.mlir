// RUN: mcg-opt %s --pin-multiply-add | FileCheck %s --check-prefix=FUSED
// RUN: mcg-opt %s --pin-multiply-add=fused=false | FileCheck %s --check-prefix=SPLIT

// Every fmuladd (fused or not at LLVM's choice) becomes a fused fma, or a
// multiply and an add: the same bits wherever the kernel is inlined.
// FUSED-LABEL: llvm.func @k
// FUSED-NOT:   fmuladd
// FUSED:       %[[R:.*]] = llvm.intr.fma(%arg0, %arg1, %arg2) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// FUSED-NEXT:  %[[S:.*]] = llvm.intr.fma(%arg0, %[[R]], %arg2) {fastmathFlags = #llvm.fastmath<contract>} : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// FUSED-NEXT:  llvm.return %[[S]]
// SPLIT-LABEL: llvm.func @k
// SPLIT-NOT:   fmuladd
// SPLIT:       %[[P:.*]] = llvm.fmul %arg0, %arg1 : vector<16xf32>
// SPLIT-NEXT:  %[[R:.*]] = llvm.fadd %[[P]], %arg2 : vector<16xf32>
// SPLIT-NEXT:  %[[Q:.*]] = llvm.fmul %arg0, %[[R]] {fastmathFlags = #llvm.fastmath<contract>} : vector<16xf32>
// SPLIT-NEXT:  %[[S:.*]] = llvm.fadd %[[Q]], %arg2 {fastmathFlags = #llvm.fastmath<contract>} : vector<16xf32>
// SPLIT-NEXT:  llvm.return %[[S]]
llvm.func @k(%a: vector<16xf32>, %b: vector<16xf32>, %c: vector<16xf32>) -> vector<16xf32> {
  %r = llvm.intr.fmuladd(%a, %b, %c) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
  %s = llvm.intr.fmuladd(%a, %r, %c) {fastmathFlags = #llvm.fastmath<contract>} : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
  llvm.return %s : vector<16xf32>
}
