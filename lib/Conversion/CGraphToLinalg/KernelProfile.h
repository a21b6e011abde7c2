//===- KernelProfile.h - describe kernel calls for the profile --*- C++ -*-===//
//
// Private to the CGraphToLinalg library: the description that
// convert-cgraph-to-linalg{profile=true} attaches to each kernel call.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_LIB_CONVERSION_CGRAPHTOLINALG_KERNELPROFILE_H
#define MCG_LIB_CONVERSION_CGRAPHTOLINALG_KERNELPROFILE_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"

namespace mcg::lowering {

/// Describes the kernel call that computes `op` (a cgraph op, or a
/// `cgraph.fused` group) from `inputs` (the kernel's arguments), as the
/// `mcg.profile` dictionary of mcg/Codegen/KernelProfile.h: the source
/// names of the ops (their NameLocs, as the ONNX importer sets them, or
/// file:line:col), the shapes (`in * filter -> out` for a call holding a
/// contraction, else the results'), the FLOPs (FlopCountOpInterface, summed
/// over the group) when it holds a contraction, and the bytes of its
/// arguments and results.
mlir::DictionaryAttr describeKernelCall(mlir::Operation *op,
                                        mlir::ValueRange inputs);

} // namespace mcg::lowering

#endif // MCG_LIB_CONVERSION_CGRAPHTOLINALG_KERNELPROFILE_H
