// profile-kernel-calls: each described kernel call is wrapped in
// mcg_profile_enter(id) / mcg_profile_exit(id), ids in program order over
// the module; the descriptions (plus the callee as `kernel`) move into the
// module's mcg.profile table at index id. Undescribed calls stay as they are.
// RUN: mcg-opt %s --profile-kernel-calls -split-input-file -verify-diagnostics | FileCheck %s

// CHECK-LABEL: module attributes {mcg.profile = [
// CHECK-SAME:    {bytes = 32 : i64, kernel = "k", ops = ["a"], shape = "8"},
// CHECK-SAME:    {bytes = 64 : i64, flops = 128 : i64, kernel = "m", ops = ["b/mm", "b/relu"], shape = "2x4 * 4x8 -> 2x8"},
// CHECK-SAME:    {bytes = 32 : i64, kernel = "k", ops = ["c"], shape = "8"}]}
// CHECK:         func.func private @mcg_profile_exit(i64)
// CHECK:         func.func private @mcg_profile_enter(i64)
// CHECK-LABEL:   func.func @g(
// CHECK-NEXT:      %[[ID0:.*]] = arith.constant 0 : i64
// CHECK-NEXT:      call @mcg_profile_enter(%[[ID0]]) : (i64) -> ()
// CHECK-NEXT:      %[[A:.*]] = call @k(%arg0) : (tensor<8xf32>) -> tensor<8xf32>
// CHECK-NEXT:      call @mcg_profile_exit(%[[ID0]]) : (i64) -> ()
// CHECK-NEXT:      %[[ID1:.*]] = arith.constant 1 : i64
// CHECK-NEXT:      call @mcg_profile_enter(%[[ID1]])
// CHECK-NEXT:      call @m(
// CHECK-NEXT:      call @mcg_profile_exit(%[[ID1]])
// CHECK-NEXT:      %[[B:.*]] = call @k(%[[A]]) : (tensor<8xf32>) -> tensor<8xf32>
// CHECK-NEXT:      return
// CHECK-LABEL:   func.func @h(
// CHECK-NEXT:      %[[ID2:.*]] = arith.constant 2 : i64
// CHECK-NEXT:      call @mcg_profile_enter(%[[ID2]])
// CHECK-NEXT:      call @k(
// CHECK-NEXT:      call @mcg_profile_exit(%[[ID2]])
// CHECK-NOT:     mcg.profile =
func.func private @k(%x: tensor<8xf32>) -> tensor<8xf32> attributes {cgraph.kernel} {
  return %x : tensor<8xf32>
}
func.func private @m(%x: tensor<2x4xf32>) attributes {cgraph.kernel} {
  return
}
func.func @g(%x: tensor<8xf32>, %y: tensor<2x4xf32>) -> tensor<8xf32> {
  %a = call @k(%x) {mcg.profile = {ops = ["a"], shape = "8", bytes = 32 : i64}} : (tensor<8xf32>) -> tensor<8xf32>
  call @m(%y) {mcg.profile = {ops = ["b/mm", "b/relu"], shape = "2x4 * 4x8 -> 2x8", flops = 128 : i64, bytes = 64 : i64}} : (tensor<2x4xf32>) -> ()
  %b = call @k(%a) : (tensor<8xf32>) -> tensor<8xf32>
  return %b : tensor<8xf32>
}
func.func @h(%x: tensor<8xf32>) -> tensor<8xf32> {
  %a = call @k(%x) {mcg.profile = {ops = ["c"], shape = "8", bytes = 32 : i64}} : (tensor<8xf32>) -> tensor<8xf32>
  return %a : tensor<8xf32>
}

// -----

// Nothing described (profiling off): nothing changes, no hooks declared.
// CHECK-LABEL: module {
// CHECK-NOT:     mcg_profile
// CHECK:         call @k(%arg0) : (tensor<8xf32>) -> tensor<8xf32>
// CHECK-NOT:     mcg_profile
func.func private @k(%x: tensor<8xf32>) -> tensor<8xf32> attributes {cgraph.kernel} {
  return %x : tensor<8xf32>
}
func.func @g(%x: tensor<8xf32>) -> tensor<8xf32> {
  %a = call @k(%x) : (tensor<8xf32>) -> tensor<8xf32>
  return %a : tensor<8xf32>
}

// -----

// A hook already declared with the right type is reused.
// CHECK-LABEL: module attributes {mcg.profile = [{bytes = 32 : i64, kernel = "k", ops = ["a"], shape = "8"}]}
// CHECK-COUNT-1: func.func private @mcg_profile_enter(i64)
// CHECK-NOT:     func.func private @mcg_profile_enter
func.func private @mcg_profile_enter(i64)
func.func private @k(%x: tensor<8xf32>) -> tensor<8xf32> attributes {cgraph.kernel} {
  return %x : tensor<8xf32>
}
func.func @g(%x: tensor<8xf32>) -> tensor<8xf32> {
  %a = call @k(%x) {mcg.profile = {ops = ["a"], shape = "8", bytes = 32 : i64}} : (tensor<8xf32>) -> tensor<8xf32>
  return %a : tensor<8xf32>
}

// -----

// expected-error @+1 {{profile-kernel-calls: @mcg_profile_exit is the runtime hook's name; it must be a func.func of type '(i64) -> ()'}}
func.func private @mcg_profile_exit(i32)
func.func private @k(%x: tensor<8xf32>) -> tensor<8xf32> attributes {cgraph.kernel} {
  return %x : tensor<8xf32>
}
func.func @g(%x: tensor<8xf32>) -> tensor<8xf32> {
  %a = call @k(%x) {mcg.profile = {ops = ["a"], shape = "8", bytes = 32 : i64}} : (tensor<8xf32>) -> tensor<8xf32>
  return %a : tensor<8xf32>
}

// -----

func.func private @k(%x: tensor<8xf32>) -> tensor<8xf32> attributes {cgraph.kernel} {
  return %x : tensor<8xf32>
}
func.func @g(%x: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{profile-kernel-calls: 'mcg.profile' must be a dictionary, got "a"}}
  %a = call @k(%x) {mcg.profile = "a"} : (tensor<8xf32>) -> tensor<8xf32>
  return %a : tensor<8xf32>
}

// -----

// Instrumenting twice would give two calls the same id.
// expected-error @+1 {{profile-kernel-calls: the module already holds a kernel profile table ('mcg.profile')}}
module attributes {mcg.profile = []} {
  func.func private @k(%x: tensor<8xf32>) -> tensor<8xf32> attributes {cgraph.kernel} {
    return %x : tensor<8xf32>
  }
  func.func @g(%x: tensor<8xf32>) -> tensor<8xf32> {
    %a = call @k(%x) {mcg.profile = {ops = ["a"], shape = "8", bytes = 32 : i64}} : (tensor<8xf32>) -> tensor<8xf32>
    return %a : tensor<8xf32>
  }
}
