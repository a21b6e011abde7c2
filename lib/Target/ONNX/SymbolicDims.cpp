//===- SymbolicDims.cpp - import keeping symbolic input dimensions --------===//
//
// An extraction (`mcg-opt model.onnx --prune-to=cls -o slice.onnx`) must
// give back a model whose inputs keep their `dim_param`s (`batch`). The
// node handlers compute with static shapes, so the model is imported twice,
// with every symbolic input dimension bound to a different check value
// each time (batch = 1009, then 1511), and the two modules are compared op
// by op:
//
// - a dimension that is the same in both is static;
// - a dimension that is one symbol's check value in each is that symbol,
//   and becomes dynamic (`?`) in the kept module;
// - anything else that differs (a dimension computed from a symbol, like
//   batch * 512; an attribute or a constant that depends on one; a
//   different graph structure) is an error that asks for the symbol to be
//   pinned (--dim / --input-shape), so nothing is kept symbolic that the
//   dialect's types cannot say.
//
// The graph's inputs and outputs carry the symbols' names in the argument
// and result attribute `cgraph.dim_params` (ExportONNX.cpp writes them back
// as dim_param); the dialect's verifiers check the dynamic types.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;

namespace mcg {
namespace onnx_import {

namespace {
/// One symbolic dimension of the graph's inputs: a dim_param shared by every
/// dimension that carries it, or one dimension without a name.
struct Symbol {
  std::string name; // Empty for a dimension without a dim_param.
  int input = -1;   // For an unnamed one: the graph input and dimension.
  int dim = -1;
  int64_t check[2];
};

/// The value symbol `k` takes in import `trial`. The two trials' values
/// differ by an amount that differs between symbols, so a symbol plus a
/// constant is never read as another symbol.
int64_t checkValue(unsigned k, unsigned trial) {
  return trial == 0 ? 1009 + 128 * k + k * k : 1511 + 131 * k + 3 * k * k;
}

std::string describe(const std::vector<Symbol> &symbols, unsigned trial) {
  std::string text;
  for (const Symbol &s : symbols) {
    if (!text.empty())
      text += ", ";
    text += (s.name.empty() ? "an unnamed dimension" : "'" + s.name + "'") +
            " = " + std::to_string(s.check[trial]);
  }
  return text;
}

/// Two attributes that hold the same value. A weight's dense_resource blobs
/// get different names in the two imports (one context), so blobs compare
/// by their bytes.
bool sameAttr(Attribute a, Attribute b) {
  if (a == b)
    return true;
  if (auto ra = dyn_cast<DenseResourceElementsAttr>(a)) {
    auto rb = dyn_cast<DenseResourceElementsAttr>(b);
    if (!rb || ra.getType() != rb.getType())
      return false;
    AsmResourceBlob *ba = ra.getRawHandle().getBlob();
    AsmResourceBlob *bb = rb.getRawHandle().getBlob();
    if (!ba || !bb)
      return false;
    ArrayRef<char> da = ba->getData(), db = bb->getData();
    return da.size() == db.size() &&
           (da.data() == db.data() ||
            std::equal(da.begin(), da.end(), db.begin()));
  }
  if (auto da = dyn_cast<DictionaryAttr>(a)) {
    auto db = dyn_cast<DictionaryAttr>(b);
    if (!db || da.size() != db.size())
      return false;
    for (auto [x, y] : llvm::zip(da.getValue(), db.getValue()))
      if (x.getName() != y.getName() || !sameAttr(x.getValue(), y.getValue()))
        return false;
    return true;
  }
  if (auto aa = dyn_cast<ArrayAttr>(a)) {
    auto ab = dyn_cast<ArrayAttr>(b);
    if (!ab || aa.size() != ab.size())
      return false;
    for (auto [x, y] : llvm::zip(aa.getValue(), ab.getValue()))
      if (!sameAttr(x, y))
        return false;
    return true;
  }
  return false;
}

class Merger {
public:
  explicit Merger(const std::vector<Symbol> &symbols) : symbols(symbols) {}

  /// Compares the two imports and makes `a` the module with dynamic
  /// dimensions.
  LogicalResult run(ModuleOp a, ModuleOp b);

  /// Which symbol each dimension of a value is (-1: static).
  llvm::DenseMap<Value, SmallVector<int>> dimSymbols;

private:
  LogicalResult mergeValue(Value a, Value b);
  void mergeSliceEnds(cgraph::SliceOp a, cgraph::SliceOp b);
  InFlightDiagnostic fail(Operation *op);

  const std::vector<Symbol> &symbols;
  SmallVector<std::pair<Value, Type>> retype;
};

InFlightDiagnostic Merger::fail(Operation *op) {
  // The op and the ONNX value it computes (the importer's NameLoc).
  InFlightDiagnostic diag = emitError(op->getLoc());
  diag << "'" << op->getName() << "'";
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    diag << " (ONNX node '" << name.getName().getValue() << "')";
  diag << ": ";
  diag.attachNote() << "mcg imported the model twice to keep its symbolic "
                       "dimensions, with "
                    << describe(symbols, 0) << " and with "
                    << describe(symbols, 1)
                    << "; pin them with --dim SYMBOL=N or --input-shape "
                       "NAME=D0xD1x... to import the model for one size";
  return diag;
}

LogicalResult Merger::mergeValue(Value a, Value b) {
  if (a.getType() == b.getType())
    return success();
  auto ta = dyn_cast<RankedTensorType>(a.getType());
  auto tb = dyn_cast<RankedTensorType>(b.getType());
  Operation *where = a.getDefiningOp() ? a.getDefiningOp()
                                       : a.getParentRegion()->getParentOp();
  if (!ta || !tb || ta.getRank() != tb.getRank() ||
      ta.getElementType() != tb.getElementType())
    return fail(where) << "the type of a value depends on the symbolic "
                          "dimensions ("
                       << a.getType() << ", then " << b.getType() << ")";
  SmallVector<int64_t> shape(ta.getShape());
  SmallVector<int> which(ta.getRank(), -1);
  for (int64_t d = 0; d < ta.getRank(); ++d) {
    int64_t x = ta.getDimSize(d), y = tb.getDimSize(d);
    if (x == y)
      continue;
    for (auto [k, s] : llvm::enumerate(symbols))
      if (x == s.check[0] && y == s.check[1])
        which[d] = static_cast<int>(k);
    if (which[d] < 0)
      return fail(where)
             << "dimension " << d << " of a value of type " << ta
             << " is computed from the symbolic dimensions (" << x << ", then "
             << y
             << "): mcg keeps a dimension symbolic only where it equals one "
                "of the graph inputs' symbolic dimensions";
    shape[d] = ShapedType::kDynamic;
  }
  retype.push_back(
      {a, RankedTensorType::get(shape, ta.getElementType(), ta.getEncoding())});
  dimSymbols[a] = std::move(which);
  return success();
}

/// The importer gives a slice an end in every dimension; over a dimension
/// that is a symbol, an end at that symbol's check value in both imports
/// is the end of the dimension, whatever its size (SliceOp::kToEnd). Both
/// slices get it, so that the attribute comparison passes.
void Merger::mergeSliceEnds(cgraph::SliceOp a, cgraph::SliceOp b) {
  auto it = dimSymbols.find(a.getInput());
  if (it == dimSymbols.end())
    return;
  SmallVector<int64_t> endsA(a.getEnds()), endsB(b.getEnds());
  if (endsA.size() != it->second.size() || endsB.size() != endsA.size())
    return;
  for (auto [d, k] : llvm::enumerate(it->second))
    if (k >= 0 && endsA[d] == symbols[k].check[0] &&
        endsB[d] == symbols[k].check[1])
      endsA[d] = endsB[d] = cgraph::SliceOp::kToEnd;
  a.setEnds(endsA);
  b.setEnds(endsB);
}

LogicalResult Merger::run(ModuleOp a, ModuleOp b) {
  SmallVector<Operation *> opsA, opsB;
  a->walk<WalkOrder::PreOrder>([&](Operation *op) { opsA.push_back(op); });
  b->walk<WalkOrder::PreOrder>([&](Operation *op) { opsB.push_back(op); });
  for (size_t i = 0; i < opsA.size(); ++i) {
    Operation *x = opsA[i];
    Operation *y = i < opsB.size() ? opsB[i] : nullptr;
    if (!y || x->getName() != y->getName() || x->getLoc() != y->getLoc() ||
        x->getNumResults() != y->getNumResults() ||
        x->getNumRegions() != y->getNumRegions())
      return fail(x) << "the graph's structure depends on the symbolic "
                        "dimensions (the import computes a value whose "
                        "size is small enough, and the op that reads it "
                        "disappears, for one of the sizes only)";
    for (auto [ra, rb] : llvm::zip(x->getRegions(), y->getRegions())) {
      if (ra.getNumArguments() != rb.getNumArguments())
        return fail(x) << "the graph's structure depends on the symbolic "
                          "dimensions";
      for (auto [va, vb] : llvm::zip(ra.getArguments(), rb.getArguments()))
        if (failed(mergeValue(va, vb)))
          return failure();
    }
    for (auto [va, vb] : llvm::zip(x->getResults(), y->getResults()))
      if (failed(mergeValue(va, vb)))
        return failure();
    if (auto slice = dyn_cast<cgraph::SliceOp>(x))
      mergeSliceEnds(slice, cast<cgraph::SliceOp>(y));
    // Attributes: a graph's types are rebuilt from its values below.
    NamedAttrList attrsA(x->getAttrDictionary()),
        attrsB(y->getAttrDictionary());
    if (auto g = dyn_cast<cgraph::GraphOp>(x)) {
      for (StringAttr name :
           {g.getFunctionTypeAttrName(), g.getArgAttrsAttrName(),
            g.getResAttrsAttrName()}) {
        attrsA.erase(name);
        attrsB.erase(name);
      }
    }
    DictionaryAttr da = attrsA.getDictionary(x->getContext());
    DictionaryAttr db = attrsB.getDictionary(y->getContext());
    if (!sameAttr(da, db)) {
      std::string names;
      for (NamedAttribute attr : da) {
        Attribute other = db.get(attr.getName());
        if (!other || !sameAttr(attr.getValue(), other))
          names += (names.empty() ? "'" : ", '") +
                   attr.getName().getValue().str() + "'";
      }
      return fail(x) << "its attributes ("
                     << (names.empty() ? "their list" : names)
                     << ") depend on the symbolic dimensions";
    }
  }
  if (opsB.size() != opsA.size())
    return fail(opsB[opsA.size()])
           << "the graph's structure depends on the symbolic "
              "dimensions";
  for (auto [v, t] : retype)
    v.setType(t);
  return success();
}

/// The `cgraph.dim_params` attribute of a value with dynamic dimensions:
/// each symbol's name (the declared dim_param `declared` gives for that
/// dimension first), "" for a static or unnamed dimension.
ArrayAttr dimParams(Builder &b, ArrayRef<int> which,
                    const std::vector<Symbol> &symbols,
                    const onnx::ValueInfoProto *declared) {
  SmallVector<Attribute> names;
  bool any = false;
  for (auto [d, k] : llvm::enumerate(which)) {
    std::string name = k >= 0 ? symbols[k].name : "";
    if (k >= 0 && declared && declared->type().has_tensor_type() &&
        declared->type().tensor_type().has_shape()) {
      const auto &shape = declared->type().tensor_type().shape();
      if (static_cast<int>(d) < shape.dim_size() &&
          shape.dim(d).has_dim_param() && !shape.dim(d).dim_param().empty())
        name = shape.dim(d).dim_param();
    }
    any |= !name.empty();
    names.push_back(b.getStringAttr(name));
  }
  return any ? b.getArrayAttr(names) : ArrayAttr();
}
} // namespace

OwningOpRef<ModuleOp>
importKeepingSymbolicDims(onnx::ModelProto &model, Location loc,
                          llvm::function_ref<OwningOpRef<ModuleOp>()> import) {
  onnx::GraphProto &graph = *model.mutable_graph();
  llvm::StringSet<> initializers;
  for (const onnx::TensorProto &t : graph.initializer())
    initializers.insert(t.name());
  std::vector<Symbol> symbols;
  llvm::StringMap<unsigned> named;
  for (auto [i, in] : llvm::enumerate(graph.input())) {
    if (initializers.contains(in.name()) || !in.type().has_tensor_type() ||
        !in.type().tensor_type().has_shape())
      continue;
    for (auto [d, dim] :
         llvm::enumerate(in.type().tensor_type().shape().dim())) {
      if (dim.has_dim_value() && dim.dim_value() >= 0)
        continue;
      if (dim.has_dim_param() && !dim.dim_param().empty()) {
        if (named.try_emplace(dim.dim_param(), symbols.size()).second)
          symbols.push_back({dim.dim_param(), -1, -1, {0, 0}});
        continue;
      }
      symbols.push_back({"", static_cast<int>(i), static_cast<int>(d), {0, 0}});
    }
  }
  if (symbols.empty())
    return import();
  for (auto [k, s] : llvm::enumerate(symbols))
    for (unsigned trial = 0; trial < 2; ++trial)
      s.check[trial] = checkValue(k, trial);

  // The declared types, restored after each trial.
  auto inputs = graph.input();
  auto outputs = graph.output();
  auto valueInfo = graph.value_info();
  auto restore = [&] {
    *graph.mutable_input() = inputs;
    *graph.mutable_output() = outputs;
    *graph.mutable_value_info() = valueInfo;
  };
  OwningOpRef<ModuleOp> modules[2];
  for (unsigned trial = 0; trial < 2; ++trial) {
    ONNXImportOptions pins;
    for (const Symbol &s : symbols) {
      if (!s.name.empty()) {
        pins.dims.push_back(s.name + "=" + std::to_string(s.check[trial]));
        continue;
      }
      graph.mutable_input(s.input)
          ->mutable_type()
          ->mutable_tensor_type()
          ->mutable_shape()
          ->mutable_dim(s.dim)
          ->set_dim_value(s.check[trial]);
    }
    if (failed(pinShapes(model, pins, loc))) {
      restore();
      return nullptr;
    }
    {
      // Every error of a trial says what the check values were.
      ScopedDiagnosticHandler notes(loc.getContext(), [&](Diagnostic &diag) {
        if (diag.getSeverity() == DiagnosticSeverity::Error)
          diag.attachNote()
              << "while importing with the symbolic dimensions kept ("
              << describe(symbols, trial)
              << " for the check); pin them with --dim SYMBOL=N or "
                 "--input-shape NAME=D0xD1x... to import the model for one "
                 "size";
        return failure(); // On to the tool's handler.
      });
      modules[trial] = import();
    }
    restore();
    if (!modules[trial])
      return nullptr;
  }

  ModuleOp a = *modules[0];
  Merger merger(symbols);
  if (failed(merger.run(a, *modules[1])))
    return nullptr;
  modules[1] = nullptr;

  // The graph's types and the symbols' names on its inputs and outputs.
  Builder b(loc.getContext());
  StringAttr attrName = b.getStringAttr(cgraph::GraphOp::kDimParamsAttrName);
  for (auto g : a.getOps<cgraph::GraphOp>()) {
    Block &body = g.getBody().front();
    auto output = cast<cgraph::OutputOp>(body.getTerminator());
    g.setFunctionType(
        b.getFunctionType(body.getArgumentTypes(), output->getOperandTypes()));
    for (BlockArgument arg : body.getArguments()) {
      auto it = merger.dimSymbols.find(arg);
      if (it == merger.dimSymbols.end())
        continue;
      if (ArrayAttr names = dimParams(b, it->second, symbols, nullptr))
        g.setArgAttr(arg.getArgNumber(), attrName, names);
    }
    for (auto [i, v] : llvm::enumerate(output->getOperands())) {
      auto it = merger.dimSymbols.find(v);
      if (it == merger.dimSymbols.end())
        continue;
      const onnx::ValueInfoProto *declared =
          i < static_cast<size_t>(graph.output_size()) ? &graph.output(i)
                                                       : nullptr;
      if (ArrayAttr names = dimParams(b, it->second, symbols, declared))
        g.setResultAttr(i, attrName, names);
    }
  }
  if (failed(verify(a)))
    return nullptr;
  return std::move(modules[0]);
}

} // namespace onnx_import
} // namespace mcg
