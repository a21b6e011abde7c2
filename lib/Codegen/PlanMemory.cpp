//===- PlanMemory.cpp - one arena for a graph's intermediate buffers ------===//
//
// A static memory plan: live ranges in program order, first-fit offsets,
// and memref.view into one arena allocated once per call of the graph.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/Passes.h"

#include "mlir/IR/Builders.h"

namespace mcg {
#define GEN_PASS_DEF_PLANMEMORY
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {

constexpr int64_t kAlignment = 64;

struct Buffer {
  memref::AllocOp alloc;
  int64_t start, end, bytes, offset = 0;
};

/// Bytes of a statically shaped, contiguous memref of whole-byte elements,
/// or nullopt.
std::optional<int64_t> plannableBytes(memref::AllocOp alloc) {
  MemRefType type = alloc.getType();
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      !alloc.getDynamicSizes().empty() || !alloc.getSymbolOperands().empty() ||
      type.getMemorySpace())
    return std::nullopt;
  unsigned bits = type.getElementTypeBitWidth();
  if (bits % 8 != 0)
    return std::nullopt;
  return type.getNumElements() * (bits / 8);
}

struct PlanMemoryPass : public mcg::impl::PlanMemoryBase<PlanMemoryPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func->hasAttr("cgraph.kernel") || func.isExternal())
      return;
    Block &entry = func.getBody().front();
    llvm::DenseMap<Operation *, int64_t> position;
    int64_t index = 0;
    for (Operation &op : entry)
      position[&op] = index++;

    // Live range of each plannable buffer: its allocation to its last use
    // (the op of the entry block that holds the use).
    SmallVector<Buffer> buffers;
    for (Operation &op : entry) {
      auto alloc = dyn_cast<memref::AllocOp>(op);
      if (!alloc)
        continue;
      std::optional<int64_t> bytes = plannableBytes(alloc);
      if (!bytes)
        continue;
      int64_t end = position[alloc];
      bool escapes = false;
      for (Operation *user : alloc->getUsers()) {
        Operation *holder = entry.findAncestorOpInBlock(*user);
        if (!holder || isa<func::ReturnOp>(holder)) {
          escapes = true;
          break;
        }
        end = std::max(end, position[holder]);
      }
      if (!escapes)
        buffers.push_back({alloc, position[alloc], end, *bytes});
    }
    if (buffers.size() < 2)
      return;

    // First fit, in order of allocation, among buffers still live.
    int64_t total = 0;
    for (size_t i = 0; i < buffers.size(); ++i) {
      SmallVector<std::pair<int64_t, int64_t>> busy;
      for (size_t j = 0; j < i; ++j)
        if (buffers[j].end >= buffers[i].start)
          busy.push_back(
              {buffers[j].offset, buffers[j].offset + buffers[j].bytes});
      llvm::sort(busy);
      int64_t offset = 0;
      for (auto [lo, hi] : busy) {
        if (offset + buffers[i].bytes <= lo)
          break;
        offset = std::max<int64_t>(offset, llvm::alignTo(hi, kAlignment));
      }
      buffers[i].offset = offset;
      total = std::max(total, offset + buffers[i].bytes);
    }

    OpBuilder b = OpBuilder::atBlockBegin(&entry);
    Location loc = func.getLoc();
    auto arenaType = MemRefType::get({total}, b.getI8Type());
    Value arena = memref::AllocOp::create(b, loc, arenaType,
                                          b.getI64IntegerAttr(kAlignment));
    for (Buffer &buffer : buffers) {
      b.setInsertionPoint(buffer.alloc);
      Value offset = arith::ConstantIndexOp::create(b, buffer.alloc.getLoc(),
                                                    buffer.offset);
      Value view = memref::ViewOp::create(b, buffer.alloc.getLoc(),
                                          buffer.alloc.getType(), arena, offset,
                                          ValueRange{});
      buffer.alloc.getResult().replaceAllUsesWith(view);
      buffer.alloc.erase();
    }
  }
};

} // namespace
