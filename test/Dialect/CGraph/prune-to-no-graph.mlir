// --prune-to on a module without a cgraph.graph is an error.
// RUN: mcg-opt %s --prune-to=out -verify-diagnostics

// expected-error @below {{prune-to: the module holds no cgraph.graph}}
module {
  func.func @f() {
    return
  }
}
