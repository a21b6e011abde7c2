//===- CGraphInterfaces.td - cgraph op interfaces ----------*- tablegen -*-===//
//
// Interfaces shared by cgraph ops.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_DIALECT_CGRAPH_IR_CGRAPHINTERFACES_TD
#define MCG_DIALECT_CGRAPH_IR_CGRAPHINTERFACES_TD

include "mlir/IR/OpBase.td"

def CGraph_FlopCountOpInterface : OpInterface<"FlopCountOpInterface"> {
  let description = [{
    The number of floating-point operations an op performs, as reported by
    `--prune-to`'s report. A multiply-add counts as two operations. The
    default is one operation per result element, which is the right count
    for elementwise ops; contractions, pooling and normalizations override it.
  }];
  let cppNamespace = "::mcg::cgraph";
  let methods = [
    InterfaceMethod<"Returns the number of floating-point operations.",
      "int64_t", "getFlopCount", (ins), "", [{
        int64_t total = 0;
        for (::mlir::Type t : $_op->getResultTypes())
          if (auto shaped = ::llvm::dyn_cast<::mlir::ShapedType>(t))
            if (shaped.hasStaticShape())
              total += shaped.getNumElements();
        return total;
      }]>
  ];
}

#endif // MCG_DIALECT_CGRAPH_IR_CGRAPHINTERFACES_TD
