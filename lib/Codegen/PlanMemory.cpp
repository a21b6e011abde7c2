//===- PlanMemory.cpp - one arena for a graph's intermediate buffers ------===//
//
// A static memory plan: live ranges in program order, first-fit offsets,
// and memref.view into one arena allocated once per call of the graph. A
// kernel's own temporaries are planned the same way into a scratch
// argument, which its caller allocates in that arena.
//
//===----------------------------------------------------------------------===//

#include "mcg/Codegen/KernelProfile.h"
#include "mcg/Codegen/Passes.h"

#include "KernelCalls.h"

#include "mcg/Conversion/CGraphToLinalg/CGraphToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "llvm/ADT/SetVector.h"

namespace mcg {
#define GEN_PASS_DEF_PLANMEMORY
#include "mcg/Codegen/Passes.h.inc"
} // namespace mcg

using namespace mlir;

namespace {

constexpr int64_t kAlignment = 64;
/// Temporaries inside loops up to this size go on the stack.
constexpr int64_t kStackBytes = 64 * 1024;
/// Arenas from this size on are marked for transparent huge pages.
constexpr int64_t kHugeArenaBytes = 4 * 1024 * 1024;
/// Linux's MADV_HUGEPAGE.
constexpr int32_t kMadvHugePage = 14;
/// Marks the allocation of a kernel's scratch at a call site.
constexpr llvm::StringLiteral kScratchAttr = "mcg.scratch";

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

/// The plannable buffers of `entry`, with live ranges: an allocation to
/// the last op of the block that holds a use. Escaping buffers (returned)
/// are left out.
SmallVector<Buffer> collectBuffers(Block &entry) {
  llvm::DenseMap<Operation *, int64_t> position;
  int64_t index = 0;
  for (Operation &op : entry)
    position[&op] = index++;
  SmallVector<Buffer> buffers;
  for (Operation &op : entry) {
    auto alloc = dyn_cast<memref::AllocOp>(op);
    if (!alloc)
      continue;
    std::optional<int64_t> bytes = plannableBytes(alloc);
    if (!bytes)
      continue;
    // Uses through aliases count: any op that takes the buffer and yields
    // a memref (a subview, a reshape, a cast) may alias it.
    int64_t end = position[alloc];
    bool escapes = false;
    SmallVector<Value> aliases = {alloc.getResult()};
    while (!aliases.empty() && !escapes) {
      Value v = aliases.pop_back_val();
      for (Operation *user : v.getUsers()) {
        Operation *holder = entry.findAncestorOpInBlock(*user);
        if (!holder || isa<func::ReturnOp>(holder)) {
          escapes = true;
          break;
        }
        end = std::max(end, position[holder]);
        for (Value r : user->getResults())
          if (isa<BaseMemRefType>(r.getType()))
            aliases.push_back(r);
      }
    }
    if (!escapes)
      buffers.push_back({alloc, position[alloc], end, *bytes});
  }
  return buffers;
}

/// First fit, in order of allocation, among buffers still live. Returns the
/// arena size.
int64_t assignOffsets(MutableArrayRef<Buffer> buffers) {
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
  return total;
}

/// Replaces every buffer's allocation by a view of `arena` at its offset.
void replaceWithViews(MutableArrayRef<Buffer> buffers, Value arena) {
  OpBuilder b(arena.getContext());
  for (Buffer &buffer : buffers) {
    b.setInsertionPoint(buffer.alloc);
    Value offset =
        arith::ConstantIndexOp::create(b, buffer.alloc.getLoc(), buffer.offset);
    Value view = memref::ViewOp::create(
        b, buffer.alloc.getLoc(), buffer.alloc.getType(), arena, offset, {});
    buffer.alloc.getResult().replaceAllUsesWith(view);
    buffer.alloc.erase();
  }
}

struct PlanMemoryPass : public mcg::impl::PlanMemoryBase<PlanMemoryPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> kernels, graphs;
    for (func::FuncOp func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      (func->hasAttr("cgraph.kernel") ? kernels : graphs).push_back(func);
    }
    auto callsOf = mcg::codegen::callsByCallee(module);
    for (func::FuncOp kernel : kernels) {
      scopeLoopTemporaries(kernel);
      auto calls = callsOf.find(kernel.getSymNameAttr());
      if (calls != callsOf.end())
        planKernel(kernel, calls->second);
    }
    for (func::FuncOp graph : graphs)
      planGraph(graph);
  }

  /// An allocation whose last use copies it into an output parameter (a
  /// graph's result computed by a kernel call: results-to-out-params adds
  /// that copy) becomes the parameter itself, when the parameter has no
  /// other use and the same type: the kernel then writes the output in
  /// place.
  static void writeOutputsInPlace(Block &entry) {
    SmallVector<memref::CopyOp> copies;
    for (Operation &op : entry)
      if (auto copy = dyn_cast<memref::CopyOp>(op))
        copies.push_back(copy);
    for (memref::CopyOp copy : copies) {
      auto output = dyn_cast<BlockArgument>(copy.getTarget());
      auto alloc = copy.getSource().getDefiningOp<memref::AllocOp>();
      if (!output || output.getOwner() != &entry || !output.hasOneUse() ||
          !alloc || alloc->getBlock() != &entry ||
          alloc.getType() != output.getType())
        continue;
      bool lastUse = llvm::all_of(alloc->getUsers(), [&](Operation *user) {
        Operation *inEntry = entry.findAncestorOpInBlock(*user);
        return inEntry && (inEntry == copy || inEntry->isBeforeInBlock(copy));
      });
      if (!lastUse)
        continue;
      copy->erase();
      alloc.getResult().replaceAllUsesWith(output);
      alloc->erase();
    }
  }

  /// A temporary allocated inside a loop body (a register tile that
  /// bufferization could not compute in place) becomes a stack allocation
  /// in a memref.alloca_scope around the rest of the body: released every
  /// iteration, private to the thread that runs it, and never hoisted
  /// apart from its deallocation (buffer-loop-hoisting, which runs after
  /// deallocation is placed, moved such a malloc out of the loop and left
  /// the free in it: a double free).
  static void scopeLoopTemporaries(func::FuncOp kernel) {
    SmallVector<memref::AllocOp> inLoops;
    kernel.walk([&](memref::AllocOp alloc) {
      std::optional<int64_t> bytes = plannableBytes(alloc);
      if (bytes && *bytes <= kStackBytes &&
          isa<LoopLikeOpInterface>(alloc->getParentOp()))
        inLoops.push_back(alloc);
    });
    for (memref::AllocOp alloc : inLoops) {
      Block *block = alloc->getBlock();
      Operation *terminator = block->getTerminator();
      // The ops from the allocation to the terminator move into the scope;
      // what the terminator (or anything after) reads of them is returned.
      SmallVector<Operation *> moved;
      for (Operation *op = alloc; op != terminator; op = op->getNextNode())
        moved.push_back(op);
      llvm::SetVector<Value> escaping;
      for (Operation *op : moved)
        for (Value result : op->getResults())
          for (Operation *user : result.getUsers())
            if (block->findAncestorOpInBlock(*user) == terminator)
              escaping.insert(result);
      OpBuilder b(alloc);
      auto scope = memref::AllocaScopeOp::create(
          b, alloc.getLoc(), ValueRange(escaping.getArrayRef()).getTypes());
      Block *body = new Block();
      scope.getBodyRegion().push_back(body);
      for (Operation *op : moved)
        op->moveBefore(body, body->end());
      b.setInsertionPointToEnd(body);
      memref::AllocaScopeReturnOp::create(b, alloc.getLoc(),
                                          escaping.getArrayRef());
      for (auto [escaped, result] : llvm::zip(escaping, scope.getResults()))
        Value(escaped).replaceUsesWithIf(result, [&](OpOperand &use) {
          return !scope->isAncestor(use.getOwner());
        });
      b.setInsertionPoint(alloc);
      auto alloca = memref::AllocaOp::create(b, alloc.getLoc(), alloc.getType(),
                                             alloc.getAlignmentAttr());
      alloc.getResult().replaceAllUsesWith(alloca.getResult());
      alloc->erase();
    }
  }

  /// A kernel's temporaries become views of one scratch buffer that the
  /// kernel takes as a new last argument; each call allocates it just
  /// before the call, so the caller's plan shares it with everything not
  /// live across that call.
  void planKernel(func::FuncOp kernel, ArrayRef<func::CallOp> calls) {
    SmallVector<Buffer> buffers = collectBuffers(kernel.getBody().front());
    if (buffers.empty())
      return;
    int64_t total = assignOffsets(buffers);
    auto scratchType =
        MemRefType::get({total}, IntegerType::get(&getContext(), 8));
    if (failed(kernel.insertArgument(kernel.getNumArguments(), scratchType, {},
                                     kernel.getLoc())))
      return signalPassFailure();
    replaceWithViews(buffers, kernel.getArguments().back());

    for (func::CallOp call : calls) {
      OpBuilder b(call);
      auto scratch = memref::AllocOp::create(b, call.getLoc(), scratchType,
                                             b.getI64IntegerAttr(kAlignment));
      scratch->setAttr(kScratchAttr, b.getUnitAttr());
      call.getOperandsMutable().append(scratch.getResult());
    }
  }

  /// A concatenation call whose inputs may be placed inside its result.
  struct Concatenation {
    func::CallOp call;
    /// The result's and the inputs' buffers (indices into the values), and
    /// each input's byte offset in the result. An input that is not a
    /// planned buffer has index -1.
    size_t result;
    SmallVector<int64_t> inputs, offsets;
  };

  /// The concatenation calls of `entry` whose result is a planned buffer
  /// in which every input is one contiguous run (every dimension before
  /// the axis is 1), in program order.
  static SmallVector<Concatenation>
  collectConcatenations(Block &entry,
                        const llvm::DenseMap<Operation *, size_t> &indexOf) {
    SmallVector<Concatenation> concatenations;
    ModuleOp module = entry.getParentOp()->getParentOfType<ModuleOp>();
    for (Operation &op : entry) {
      auto call = dyn_cast<func::CallOp>(op);
      auto callee =
          call ? module.lookupSymbol<func::FuncOp>(call.getCallee()) : nullptr;
      auto axisAttr =
          callee ? callee->getAttrOfType<IntegerAttr>(mcg::kConcatAxisAttrName)
                 : nullptr;
      if (!axisAttr)
        continue;
      SmallVector<Value> operands(call.getOperands());
      while (!operands.empty()) {
        auto scratch = operands.back().getDefiningOp<memref::AllocOp>();
        if (!scratch || !scratch->hasAttr(kScratchAttr))
          break;
        operands.pop_back();
      }
      if (operands.size() < 2)
        continue;
      Value result = operands.pop_back_val();
      auto resultAlloc = result.getDefiningOp<memref::AllocOp>();
      auto resultType = dyn_cast<MemRefType>(result.getType());
      int64_t axis = axisAttr.getInt();
      if (!resultAlloc || !indexOf.count(resultAlloc) || !resultType ||
          axis < 0 || axis >= resultType.getRank() ||
          llvm::any_of(resultType.getShape().take_front(axis),
                       [](int64_t d) { return d != 1; }))
        continue;
      Concatenation concat{call, indexOf.lookup(resultAlloc), {}, {}};
      int64_t offset = 0;
      for (Value input : operands) {
        auto alloc = input.getDefiningOp<memref::AllocOp>();
        auto type = cast<MemRefType>(input.getType());
        concat.inputs.push_back(
            alloc && indexOf.count(alloc)
                ? static_cast<int64_t>(indexOf.lookup(alloc))
                : -1);
        concat.offsets.push_back(offset);
        offset += type.getNumElements() * (type.getElementTypeBitWidth() / 8);
      }
      concatenations.push_back(std::move(concat));
    }
    return concatenations;
  }

  /// Whether every use of `value` is a kernel call of `entry` and `call`
  /// is one of them; its writer is the first use, before `call`, or, with
  /// `writtenByCall`, `call` itself, every other use (a reader) after it.
  static bool onlyCallsUse(Value value, Block &entry, func::CallOp call,
                           bool writtenByCall) {
    bool usedByCall = false;
    for (Operation *user : value.getUsers()) {
      if (!isa<func::CallOp>(user) || user->getBlock() != &entry)
        return false;
      usedByCall |= user == call;
      if (writtenByCall && user != call && user->isBeforeInBlock(call))
        return false;
    }
    if (!usedByCall)
      return false;
    if (writtenByCall)
      return true;
    return llvm::any_of(value.getUsers(), [&](Operation *user) {
      return user->isBeforeInBlock(call);
    });
  }

  /// First-fit offsets for `values`, where the inputs of a concatenation
  /// are placed inside its result (the layout makes each one contiguous
  /// run of it: every dimension before the axis is 1), their producers
  /// then writing the result directly. Concatenations are visited last to
  /// first, so an input that several of them read (each dense block of
  /// densenet reads its earlier features in every later concatenation) is
  /// placed in the last one's result; an earlier concatenation whose
  /// inputs all lie, in order, inside one buffer already becomes a view of
  /// that run (its result is a prefix of the later one). A concatenation
  /// call all of whose inputs are in place copies nothing and is erased.
  /// Returns the size of the plan.
  static int64_t assignWithConcatenations(Block &entry,
                                          MutableArrayRef<Buffer> values) {
    llvm::DenseMap<Operation *, size_t> indexOf;
    for (auto [i, buffer] : llvm::enumerate(values))
      indexOf[buffer.alloc] = i;
    // parent[i] = (the buffer that holds buffer i, its byte offset there).
    llvm::DenseMap<size_t, std::pair<size_t, int64_t>> parent;
    // The outermost buffer that holds buffer i, and i's offset in it.
    auto locate = [&](size_t i) {
      int64_t offset = 0;
      for (auto link = parent.find(i); link != parent.end();
           link = parent.find(i)) {
        offset += link->second.second;
        i = link->second.first;
      }
      return std::make_pair(i, offset);
    };
    SmallVector<func::CallOp> copiesNothing;
    SmallVector<Concatenation> concatenations =
        collectConcatenations(entry, indexOf);
    for (Concatenation &concat : llvm::reverse(concatenations)) {
      Value result = values[concat.result].alloc.getResult();
      // The result as a view of a run of inputs placed already, in order.
      if (!parent.count(concat.result) &&
          onlyCallsUse(result, entry, concat.call, /*writtenByCall=*/true) &&
          llvm::all_of(concat.inputs,
                       [&](int64_t i) { return i >= 0 && parent.count(i); })) {
        auto [root, first] = locate(concat.inputs.front());
        int64_t base = first - concat.offsets.front();
        bool inOrder = root != concat.result;
        for (auto [i, offset] : llvm::zip(concat.inputs, concat.offsets))
          inOrder &= locate(i) == std::make_pair(root, base + offset);
        if (inOrder) {
          parent[concat.result] = {root, base};
          copiesNothing.push_back(concat.call);
          continue;
        }
      }
      bool all = true;
      // Placing this concatenation's inputs does not move its result.
      auto [resultRoot, resultOffset] = locate(concat.result);
      for (auto [i, offset] : llvm::zip(concat.inputs, concat.offsets)) {
        if (i < 0) {
          all = false;
          continue;
        }
        // Placed already: in place if it is where this copy would put it.
        if (parent.count(i)) {
          all &= locate(i) == std::make_pair(resultRoot, resultOffset + offset);
          continue;
        }
        Value input = values[i].alloc.getResult();
        bool placed = static_cast<size_t>(i) != resultRoot &&
                      onlyCallsUse(input, entry, concat.call,
                                   /*writtenByCall=*/false);
        if (placed)
          parent[i] = {concat.result, offset};
        all &= placed;
      }
      if (all)
        copiesNothing.push_back(concat.call);
    }
    // A result and the inputs inside it are planned as one buffer, live
    // from the first of them to the last.
    for (auto [i, link] : parent) {
      size_t r = locate(i).first;
      values[r].start = std::min(values[r].start, values[i].start);
      values[r].end = std::max(values[r].end, values[i].end);
    }
    // First fit needs the buffers in order of their start.
    SmallVector<size_t> roots;
    for (size_t i = 0; i < values.size(); ++i)
      if (!parent.count(i))
        roots.push_back(i);
    llvm::stable_sort(roots, [&](size_t a, size_t b) {
      return values[a].start < values[b].start;
    });
    SmallVector<Buffer> sorted;
    for (size_t i : roots)
      sorted.push_back(values[i]);
    int64_t total = assignOffsets(sorted);
    for (auto [i, buffer] : llvm::zip(roots, sorted))
      values[i].offset = buffer.offset;
    for (auto [i, link] : parent) {
      auto [root, offset] = locate(i);
      values[i].offset = values[root].offset + offset;
    }
    for (func::CallOp call : copiesNothing)
      eraseCall(call);
    return total;
  }

  /// Erases a kernel call that would copy nothing, with the profile hooks
  /// around it (mcg-run --profile); its profile entry says it is not
  /// called.
  static void eraseCall(func::CallOp call) {
    auto hook = [](Operation *op, StringRef name) -> std::optional<int64_t> {
      auto hookCall = dyn_cast_if_present<func::CallOp>(op);
      if (!hookCall || hookCall.getCallee() != name ||
          hookCall.getNumOperands() != 1)
        return std::nullopt;
      auto id = hookCall.getOperand(0).getDefiningOp<arith::ConstantIntOp>();
      return id ? std::optional<int64_t>(id.value()) : std::nullopt;
    };
    // The result's allocation may come between the enter hook and the call.
    Operation *before = call->getPrevNode(), *after = call->getNextNode();
    while (isa_and_present<memref::AllocOp>(before))
      before = before->getPrevNode();
    std::optional<int64_t> enter = hook(before, mcg::kProfileEnterHook);
    std::optional<int64_t> exit = hook(after, mcg::kProfileExitHook);
    auto module = call->getParentOfType<ModuleOp>();
    auto table = module->getAttrOfType<ArrayAttr>(mcg::kProfileAttrName);
    if (enter && enter == exit && table && *enter >= 0 &&
        *enter < static_cast<int64_t>(table.size())) {
      SmallVector<Attribute> entries(table.getValue());
      if (auto entry = dyn_cast<DictionaryAttr>(entries[*enter])) {
        NamedAttrList marked(entry);
        marked.set(mcg::kProfileNotCalledKey,
                   UnitAttr::get(module.getContext()));
        entries[*enter] = marked.getDictionary(module.getContext());
        module->setAttr(mcg::kProfileAttrName,
                        ArrayAttr::get(module.getContext(), entries));
      }
      before->erase();
      after->erase();
    }
    call->erase();
  }

  /// The graph function's buffers (the values between kernels and the
  /// kernels' scratch) in one arena allocated once at the start.
  void planGraph(func::FuncOp func) {
    Block &entry = func.getBody().front();
    writeOutputsInPlace(entry);
    SmallVector<Buffer> buffers = collectBuffers(entry);
    if (buffers.size() < 2)
      return;
    // Kernels' scratch buffers live only during their call, so they never
    // overlap each other: all of them share one region after the other
    // buffers, which stays in cache from one kernel to the next.
    SmallVector<Buffer> values, scratch;
    for (Buffer &buffer : buffers)
      (buffer.alloc->hasAttr(kScratchAttr) ? scratch : values)
          .push_back(buffer);
    int64_t total = assignWithConcatenations(entry, values);
    int64_t scratchOffset = llvm::alignTo(total, kAlignment);
    for (Buffer &buffer : scratch) {
      buffer.offset = scratchOffset;
      total = std::max(total, scratchOffset + buffer.bytes);
    }
    buffers.assign(values.begin(), values.end());
    buffers.append(scratch.begin(), scratch.end());
    OpBuilder b = OpBuilder::atBlockBegin(&entry);
    auto arenaType = MemRefType::get({total}, b.getI8Type());
    Value arena = memref::AllocOp::create(b, func.getLoc(), arenaType,
                                          b.getI64IntegerAttr(kAlignment));
    if (total >= kHugeArenaBytes)
      adviseHugePages(b, func, arena, total);
    replaceWithViews(buffers, arena);
  }

  /// Asks for transparent huge pages on the whole 4 KB pages of `arena`
  /// (`bytes` long): `madvise(start, length, MADV_HUGEPAGE)`. malloc
  /// serves an allocation this large with a fresh mmap on every call (glibc
  /// maps anything above at most 32 MB), so without huge pages each call
  /// faulted in every 4 KB page of the arena again: vgg13_bn (a 12.8 MB
  /// 64 x 224 x 224 map) took 38,900 page faults and 375 ms per call in a
  /// C loop, 163 ms with malloc kept from mapping. A failure (no huge
  /// pages, another kernel) changes nothing.
  void adviseHugePages(OpBuilder &b, func::FuncOp func, Value arena,
                       int64_t bytes) {
    Location loc = func.getLoc();
    auto module = func->getParentOfType<ModuleOp>();
    MLIRContext *ctx = b.getContext();
    Type index = b.getIndexType(), i32 = b.getI32Type();
    auto type = FunctionType::get(ctx, {index, index, i32}, {i32});
    // A graph of that name (it would clash with libc's in a library
    // anyway) gets no advice.
    if (Operation *symbol = module.lookupSymbol("madvise")) {
      auto decl = dyn_cast<func::FuncOp>(symbol);
      if (!decl || !decl.isExternal() || decl.getFunctionType() != type)
        return;
    } else {
      OpBuilder mb = OpBuilder::atBlockEnd(module.getBody());
      auto decl = func::FuncOp::create(mb, loc, "madvise", type);
      decl.setPrivate();
    }
    Value address =
        memref::ExtractAlignedPointerAsIndexOp::create(b, loc, arena);
    auto constant = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    Value pageMask = constant(-4096);
    Value start = arith::AndIOp::create(
        b, loc, arith::AddIOp::create(b, loc, address, constant(4095)),
        pageMask);
    Value end = arith::AndIOp::create(
        b, loc, arith::AddIOp::create(b, loc, address, constant(bytes)),
        pageMask);
    Value length = arith::SubIOp::create(b, loc, end, start);
    Value advice = arith::ConstantIntOp::create(b, loc, kMadvHugePage, 32);
    func::CallOp::create(b, loc, "madvise", TypeRange{i32},
                         ValueRange{start, length, advice});
  }
};

} // namespace
