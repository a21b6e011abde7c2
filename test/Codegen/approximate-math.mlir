// RUN: mcg-opt %s --approximate-math | FileCheck %s

// f32 exp, scalar or vector, becomes arithmetic: no math.exp remains, and
// 2^k is built from the exponent bits.
// CHECK-LABEL: func.func @exp_vector
// CHECK-NOT: math.exp
// CHECK: math.floor {{.*}} : vector<16xf32>
// CHECK: math.fma {{.*}} : vector<16xf32>
// CHECK: arith.shli {{.*}} : vector<16xi32>
// CHECK: arith.bitcast {{.*}} : vector<16xi32> to vector<16xf32>
// CHECK-NOT: math.exp
// CHECK: return
func.func @exp_vector(%x: vector<16xf32>) -> vector<16xf32> {
  %y = math.exp %x : vector<16xf32>
  return %y : vector<16xf32>
}

// CHECK-LABEL: func.func @scalars
// CHECK-NOT: math.exp
// CHECK-NOT: math.log
// CHECK-NOT: math.tanh
// CHECK-NOT: math.erf
// CHECK: return
func.func @scalars(%x: f32) -> (f32, f32, f32, f32, f32) {
  %e = math.exp %x : f32
  %l = math.log %x : f32
  %t = math.tanh %x : f32
  %r = math.erf %x : f32
  %m = math.expm1 %x : f32
  return %e, %l, %t, %r, %m : f32, f32, f32, f32, f32
}

// Not approximated: other element types, and functions outside the list.
// CHECK-LABEL: func.func @left_alone
// CHECK: math.exp %{{.*}} : f64
// CHECK: math.sqrt %{{.*}} : f32
// CHECK: math.powf %{{.*}} : f64
func.func @left_alone(%x: f64, %y: f32) -> (f64, f32, f64) {
  %e = math.exp %x : f64
  %s = math.sqrt %y : f32
  %p = math.powf %x, %x : f64
  return %e, %s, %p : f64, f32, f64
}

// f32 powf: a constant integer exponent is multiplications by squaring
// (x^3 = x * x^2; x^-2 = 1 / (x^2)), a constant 1/2 a square root made +0
// at -0 and +inf at -inf; any other exponent exp(y log|x|) with the
// sign of odd integer powers, NaN for non-integer powers of negative x,
// and 1 for y = 0, x = 1 and |x| = 1 with y = +-inf.
// CHECK-LABEL: func.func @pow_constants
// CHECK-NOT: math.powf
// CHECK: %[[SQ:.*]] = arith.mulf %arg0, %arg0 : vector<16xf32>
// CHECK: %[[CUBE:.*]] = arith.mulf %arg0, %[[SQ]] : vector<16xf32>
// CHECK: %[[SQ2:.*]] = arith.mulf %arg0, %arg0 : vector<16xf32>
// CHECK: %[[RECIP:.*]] = arith.divf %{{.*}}, %[[SQ2]] : vector<16xf32>
// CHECK: %[[ROOT:.*]] = math.sqrt %arg0 : vector<16xf32>
// CHECK: %[[PZ:.*]] = arith.addf %[[ROOT]], %{{.*}} : vector<16xf32>
// CHECK: %[[NINF:.*]] = arith.cmpf oeq, %arg0, %{{.*}} : vector<16xf32>
// CHECK: %[[HALF:.*]] = arith.select %[[NINF]], %{{.*}}, %[[PZ]]
// CHECK: return %[[CUBE]], %[[RECIP]], %[[HALF]]
func.func @pow_constants(%x: vector<16xf32>) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>) {
  %c3 = arith.constant dense<3.0> : vector<16xf32>
  %cm2 = arith.constant dense<-2.0> : vector<16xf32>
  %ch = arith.constant dense<0.5> : vector<16xf32>
  %a = math.powf %x, %c3 : vector<16xf32>
  %b = math.powf %x, %cm2 : vector<16xf32>
  %c = math.powf %x, %ch : vector<16xf32>
  return %a, %b, %c : vector<16xf32>, vector<16xf32>, vector<16xf32>
}

// CHECK-LABEL: func.func @pow_general
// CHECK-NOT: math.powf
// CHECK-NOT: math.exp
// CHECK-NOT: math.log
// CHECK: math.absf %arg0 : f32
// CHECK: math.floor %arg1 : f32
// CHECK: arith.bitcast %arg0 : f32 to i32
// CHECK: arith.negf
// CHECK: arith.select
// CHECK: return
func.func @pow_general(%x: f32, %y: f32) -> f32 {
  %p = math.powf %x, %y : f32
  return %p : f32
}
