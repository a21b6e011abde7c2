//===- CGraphDialect.cpp - cgraph dialect registration --------------------===//
//
// Registers the cgraph dialect's ops and attributes, and instantiates the
// TableGen-generated definitions.
//
//===----------------------------------------------------------------------===//

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mcg::cgraph;

#include "mcg/Dialect/CGraph/IR/CGraphOpsDialect.cpp.inc"

#include "mcg/Dialect/CGraph/IR/CGraphEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "mcg/Dialect/CGraph/IR/CGraphAttrs.cpp.inc"

#include "mcg/Dialect/CGraph/IR/CGraphInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "mcg/Dialect/CGraph/IR/CGraphOps.cpp.inc"

void CGraphDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "mcg/Dialect/CGraph/IR/CGraphOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "mcg/Dialect/CGraph/IR/CGraphAttrs.cpp.inc"
      >();
  registerFoldInterface();
}
