//===- KernelProfile.cpp - describe kernel calls for the profile ----------===//
//
// While the cgraph ops of a kernel are still visible, records what
// `mcg-run --profile` prints beside each kernel call's time: the ops' source
// names, the shapes, and what the rate is computed from (FLOPs for a
// contraction, bytes moved for everything else).
//
//===----------------------------------------------------------------------===//

#include "KernelProfile.h"
#include "mcg/Codegen/KernelProfile.h"
#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/IR/TensorSize.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mcg::cgraph;

namespace {

/// Appends the source names `loc` carries: every NameLoc (without its
/// child location) and, for ops that have none, file:line:col with the
/// file's base name. A fused location contributes each of its parts.
void appendSourceNames(Location loc, SmallVectorImpl<std::string> &names) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    names.push_back(name.getName().str());
  } else if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      appendSourceNames(inner, names);
  } else if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    names.push_back(llvm::formatv(
        "{0}:{1}:{2}", llvm::sys::path::filename(file.getFilename().getValue()),
        file.getLine(), file.getColumn()));
  } else if (auto site = dyn_cast<CallSiteLoc>(loc)) {
    appendSourceNames(site.getCallee(), names);
  }
}

/// `1x64x56x56`; an element type other than f32 is appended (`1x4xi64`).
std::string formatShape(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasRank())
    return llvm::formatv("{0}", type).str();
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(
      shaped.getShape(), os,
      [&](int64_t d) {
        if (ShapedType::isDynamic(d))
          os << '?';
        else
          os << d;
      },
      "x");
  if (!shaped.getElementType().isF32())
    os << (shaped.getRank() ? "x" : "") << shaped.getElementType();
  return s;
}

/// Bytes of a statically shaped tensor (0 otherwise).
int64_t tensorBytes(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !shaped.hasStaticShape() ||
      !shaped.getElementType().isIntOrFloat())
    return 0;
  return shaped.getNumElements() *
         llvm::divideCeil(shaped.getElementTypeBitWidth(), 8);
}

bool isContraction(Operation *op) {
  return isa<MatmulOp, GemmOp, Conv2DOp, ConvTranspose2DOp>(op);
}

} // namespace

DictionaryAttr mcg::lowering::describeKernelCall(Operation *op,
                                                 ValueRange inputs) {
  // The cgraph ops the kernel computes: a group's members, or the op.
  SmallVector<Operation *> members;
  if (auto fused = dyn_cast<FusedOp>(op)) {
    for (Operation &inner : fused.getBody().front().without_terminator())
      members.push_back(&inner);
  } else {
    members.push_back(op);
  }

  SmallVector<std::string> names;
  for (Operation *member : members)
    appendSourceNames(member->getLoc(), names);
  if (names.empty())
    names.push_back(op->getName().getStringRef().str());
  // A fused location may repeat a name its parts also carry.
  llvm::StringSet<> seen;
  llvm::erase_if(names,
                 [&](const std::string &n) { return !seen.insert(n).second; });

  std::string results;
  llvm::raw_string_ostream os(results);
  llvm::interleave(
      op->getResultTypes(), os, [&](Type t) { os << formatShape(t); }, ", ");
  Operation *contraction = nullptr;
  int64_t flops = 0;
  for (Operation *member : members) {
    if (!contraction && isContraction(member))
      contraction = member;
    if (auto counted = dyn_cast<FlopCountOpInterface>(member))
      flops = saturatingAdd(flops, counted.getFlopCount());
  }
  std::string shape =
      contraction ? formatShape(contraction->getOperand(0).getType()) + " * " +
                        formatShape(contraction->getOperand(1).getType()) +
                        " -> " + results
                  : results;

  int64_t bytes = 0;
  for (Value v : inputs)
    bytes += tensorBytes(v.getType());
  for (Type t : op->getResultTypes())
    bytes += tensorBytes(t);

  Builder b(op->getContext());
  SmallVector<NamedAttribute> entries;
  SmallVector<Attribute> nameAttrs;
  for (const std::string &n : names)
    nameAttrs.push_back(b.getStringAttr(n));
  entries.push_back(
      b.getNamedAttr(mcg::kProfileOpsKey, b.getArrayAttr(nameAttrs)));
  entries.push_back(
      b.getNamedAttr(mcg::kProfileShapeKey, b.getStringAttr(shape)));
  if (contraction)
    entries.push_back(
        b.getNamedAttr(mcg::kProfileFlopsKey, b.getI64IntegerAttr(flops)));
  entries.push_back(
      b.getNamedAttr(mcg::kProfileBytesKey, b.getI64IntegerAttr(bytes)));
  return b.getDictionaryAttr(entries);
}
