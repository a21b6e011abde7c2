//===- Importer.h - ONNX to cgraph importer state ---------------*- C++ -*-===//
//
// The importer shared by ImportONNX.cpp (model, graph values, tensors) and
// ImportONNXNodes.cpp (one handler per ONNX op family). Private to
// lib/Target/ONNX.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_LIB_TARGET_ONNX_IMPORTER_H
#define MCG_LIB_TARGET_ONNX_IMPORTER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include "KnownTensor.h"
#include "NodeAttrs.h"

#include "mcg/Target/ONNX/ExternalData.h"
#include "mcg/Target/ONNX/ImportONNX.h"

#include "onnx/onnx_pb.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace mcg {
namespace onnx_import {

/// One ONNX node being imported.
struct Node {
  const onnx::NodeProto &proto;
  mlir::Location loc;
  /// The node's inputs; a null Value for an omitted optional input.
  llvm::SmallVector<mlir::Value> inputs;
  NodeAttrs attrs;
  /// Attributes of the cgraph op being built.
  llvm::SmallVector<mlir::NamedAttribute> named;

  bool has(unsigned i) const { return i < inputs.size() && inputs[i]; }
  mlir::RankedTensorType type(unsigned i) const {
    return llvm::cast<mlir::RankedTensorType>(inputs[i].getType());
  }
};

/// Applies --input-shape and --dim to the model's declared types
/// (PinShapes.cpp).
mlir::LogicalResult pinShapes(onnx::ModelProto &model,
                              const ONNXImportOptions &options,
                              mlir::Location loc);

/// Replaces every call of a model-local ONNX function (in the graph and its
/// subgraphs) by the function's nodes, and drops the functions
/// (InlineFunctions.cpp).
mlir::LogicalResult inlineFunctions(onnx::ModelProto &model,
                                    mlir::Location loc);

/// Imports `model` with its unpinned symbolic input dimensions kept dynamic:
/// `import` runs twice on the model with them bound to two sets of check
/// values, and the two modules merge into one (SymbolicDims.cpp).
mlir::OwningOpRef<mlir::ModuleOp> importKeepingSymbolicDims(
    onnx::ModelProto &model, mlir::Location loc,
    llvm::function_ref<mlir::OwningOpRef<mlir::ModuleOp>()> import);

/// Adds the names `graph`'s nodes read and its outputs, and those of its
/// subgraphs (If branches, Loop and Scan bodies), to `used`
/// (ImportONNXControlFlow.cpp).
void collectUsed(const onnx::GraphProto &graph, llvm::StringSet<> &used);

class Importer {
public:
  /// Weights alias `model`'s raw_data (their blobs share its ownership)
  /// and the data files `external` maps.
  Importer(mlir::MLIRContext *ctx, mlir::Location fileLoc,
           ExternalDataFiles &external,
           std::shared_ptr<const onnx::ModelProto> model)
      : ctx(ctx), fileLoc(fileLoc), external(external),
        modelOwner(std::move(model)), b(ctx) {}

  mlir::OwningOpRef<mlir::ModuleOp> run(const onnx::ModelProto &model);

private:
  // ImportONNX.cpp: values and tensors.
  mlir::InFlightDiagnostic error(mlir::Location loc) {
    return mlir::emitError(loc);
  }
  mlir::FailureOr<mlir::Type>
  elementType(int32_t onnxType, const std::string &name, mlir::Location loc);
  mlir::FailureOr<mlir::RankedTensorType>
  valueType(const onnx::ValueInfoProto &info);
  /// A graph output's declared type: unranked without a shape, dynamic
  /// where a dimension is symbolic or missing.
  mlir::FailureOr<mlir::TensorType>
  declaredType(const onnx::ValueInfoProto &info);
  /// The bytes of `t` where they are (its raw_data, its range of a mapped
  /// external data file), or its typed field converted into `scratch`.
  mlir::FailureOr<llvm::ArrayRef<char>> tensorBytes(const onnx::TensorProto &t,
                                                    mlir::Location loc,
                                                    std::string &scratch);
  mlir::FailureOr<mlir::Value> constant(const onnx::TensorProto &t,
                                        mlir::Location loc);
  mlir::FailureOr<mlir::Value> lookup(const std::string &name,
                                      mlir::Location loc);
  /// The value of `name` if the importer knows it (an initializer or
  /// Constant of at most kMaxKnownElements, or a node it evaluated).
  const KnownTensor *knownTensor(const std::string &name);
  /// The tensor type of a known tensor (i1 for bool).
  mlir::RankedTensorType knownType(const KnownTensor &t);
  /// A cgraph.constant holding a known tensor, for a runtime op that reads
  /// it.
  mlir::FailureOr<mlir::Value> materialize(const std::string &name,
                                           const KnownTensor &t,
                                           mlir::Location loc);
  /// A constant op for raw little-endian `bytes` of `type`: a dense literal
  /// when small, a dense_resource blob named after `name` otherwise (the
  /// blob `alias` makes over the bytes, or a copy).
  mlir::Value
  constantFromBytes(mlir::RankedTensorType type, llvm::ArrayRef<char> bytes,
                    const std::string &name, mlir::Location loc,
                    llvm::function_ref<mlir::AsmResourceBlob()> alias = {});
  /// The model's identity as the module attribute `onnx.model`: producer,
  /// versions, domain, doc string, opset imports and metadata_props.
  mlir::DictionaryAttr modelIdentity(const onnx::ModelProto &model);
  llvm::StringMap<mlir::RankedTensorType>
  inferredTypes(const onnx::ModelProto &model);

  /// Keeps the names of `node`'s output tensors: the op that produces one
  /// (an op made for this node, at its name) gets the tensor name nested in
  /// its location, `loc("node"("tensor"(file)))`, where `--prune-to
  /// inputs=` finds it. Every reader of source names takes the outer one.
  void keepTensorNames(const onnx::NodeProto &node);

  // ImportONNXNodes.cpp: one handler per op family.
  mlir::LogicalResult importNode(const onnx::NodeProto &proto);
  /// "WHAT (ONNX op 'T', node 'N', opset K)". A limitation of mcg says "not
  /// supported" in WHAT; anything else is an invalid model.
  mlir::InFlightDiagnostic nodeError(const Node &n, const llvm::Twine &what);
  mlir::LogicalResult checkArity(const Node &n, int lo, int hi);
  /// Rejects a `shape` of `elementType` computed from the model's data
  /// whose byte size is beyond mcg's tensor size limit (TensorSize.h).
  mlir::LogicalResult checkShapeSize(const Node &n,
                                     llvm::ArrayRef<int64_t> shape,
                                     mlir::Type elementType);
  /// Records that `n` writes `name`; an error if something already does
  /// (ONNX values have exactly one producer).
  mlir::LogicalResult claimOutput(const Node &n, const std::string &name);
  mlir::LogicalResult checkWindowed(Node &n);
  /// Evaluates a node whose inputs are all known; true if it did.
  mlir::FailureOr<bool> evaluateKnown(Node &n);
  /// The known tensor feeding `input`, or an error saying mcg needs it at
  /// import time.
  mlir::FailureOr<const KnownTensor *> requireKnown(const Node &n,
                                                    unsigned input);
  mlir::FailureOr<llvm::SmallVector<int64_t>> constantInts(const Node &n,
                                                           unsigned input);
  mlir::FailureOr<double> constantScalar(const Node &n, unsigned input);
  mlir::FailureOr<llvm::SmallVector<int64_t>>
  intsInputOrAttr(Node &n, int64_t sinceOpset, unsigned input,
                  const std::string &attr);
  /// Builds `opName` on `operands` with `attrs` (the node's own `named`
  /// by default).
  mlir::FailureOr<mlir::Value> create(Node &n, llvm::StringRef opName,
                                      mlir::ValueRange operands) {
    return create(n, opName, operands, n.named);
  }
  mlir::FailureOr<mlir::Value>
  create(Node &n, llvm::StringRef opName, mlir::ValueRange operands,
         llvm::ArrayRef<mlir::NamedAttribute> attrs);
  mlir::LogicalResult finish(Node &n, llvm::StringRef opName,
                             mlir::ValueRange operands);
  mlir::LogicalResult define(Node &n, mlir::FailureOr<mlir::Value> v);
  mlir::Value splat(mlir::RankedTensorType type, double value,
                    mlir::Location loc);
  /// A rank-0 constant of `x`'s element type.
  mlir::Value scalar(mlir::Value like, double value, mlir::Location loc);
  /// `x` reshaped to `shape` (no op if it has that shape).
  mlir::Value reshape(mlir::Value x, llvm::ArrayRef<int64_t> shape,
                      mlir::Location loc);

  mlir::LogicalResult importElementwise(Node &n);
  mlir::LogicalResult importCompare(Node &n);
  mlir::LogicalResult importVariadic(Node &n);
  mlir::LogicalResult importClip(Node &n);
  mlir::LogicalResult importCast(Node &n);
  mlir::LogicalResult importGemm(Node &n);
  mlir::LogicalResult importConv(Node &n);
  mlir::LogicalResult importPool(Node &n);
  mlir::LogicalResult importNormalization(Node &n);
  mlir::LogicalResult importSoftmax(Node &n);
  mlir::LogicalResult importReduce(Node &n);
  mlir::LogicalResult importArgReduce(Node &n);
  mlir::LogicalResult importPassThrough(Node &n);
  mlir::LogicalResult importConstant(Node &n);
  mlir::LogicalResult importShape(Node &n);
  mlir::LogicalResult importSize(Node &n);
  mlir::LogicalResult importReshape(Node &n);
  mlir::LogicalResult importSqueeze(Node &n);
  mlir::LogicalResult importFlatten(Node &n);
  mlir::LogicalResult importTranspose(Node &n);
  mlir::LogicalResult importConcat(Node &n);
  mlir::LogicalResult importSlice(Node &n);
  mlir::LogicalResult importPad(Node &n);
  mlir::LogicalResult importGather(Node &n);
  mlir::LogicalResult importExpand(Node &n);
  mlir::LogicalResult importResize(Node &n);
  mlir::LogicalResult
  resizeAxis(Node &n, mlir::Value &x, size_t axis, int64_t out, double scale,
             double length, llvm::StringRef mode, llvm::StringRef transform,
             llvm::StringRef rounding, double cubicA, bool excludeOutside);
  // ImportONNXComposite.cpp: ops built from several cgraph ops.
  mlir::LogicalResult importHardSigmoid(Node &n);
  mlir::LogicalResult importPRelu(Node &n);
  mlir::LogicalResult importSoftplus(Node &n);
  mlir::LogicalResult importInstanceNorm(Node &n);
  mlir::LogicalResult importSplit(Node &n);
  mlir::LogicalResult importTile(Node &n);
  mlir::LogicalResult importDepthToSpace(Node &n);
  mlir::LogicalResult importMatMul(Node &n);
  mlir::LogicalResult importEinsum(Node &n);
  mlir::LogicalResult importWhere(Node &n);
  // ImportONNXControlFlow.cpp: If, Loop and Scan.
  mlir::LogicalResult importIf(Node &n);
  mlir::LogicalResult importLoop(Node &n);
  mlir::LogicalResult importScan(Node &n);
  mlir::FailureOr<const onnx::GraphProto *> graphAttr(Node &n,
                                                      const std::string &name);
  mlir::FailureOr<mlir::Value> scalarInput(Node &n, const std::string &name,
                                           mlir::Type elementType,
                                           llvm::StringRef what);
  /// Imports `graph` (a branch or a body; `what` names it in errors) at the
  /// end of `block`, with `args` bound to its inputs, and returns the
  /// values of its outputs. What it defines stays visible until
  /// endSubgraph.
  mlir::FailureOr<llvm::SmallVector<mlir::Value>>
  importSubgraph(Node &n, const onnx::GraphProto &graph, mlir::Block &block,
                 llvm::ArrayRef<mlir::BlockArgument> args,
                 llvm::StringRef what);
  /// Forgets the names `graph` defined, and the values made inside `region`
  /// (when the subgraph was imported into one).
  void endSubgraph(const onnx::GraphProto &graph, mlir::Region *region);
  /// Binds the node's outputs to `results`.
  mlir::LogicalResult defineAll(Node &n, mlir::ValueRange results);
  /// Moves `body` into the one region of `op` (a loop or a scan), ends it
  /// with a cgraph.yield of `results` and binds the node's outputs.
  mlir::LogicalResult finishBody(Node &n, mlir::Operation *op,
                                 mlir::Region &body, mlir::ValueRange results);

  mlir::MLIRContext *ctx;
  mlir::Location fileLoc;
  /// The model's external data files.
  ExternalDataFiles &external;
  /// Keeps the parsed model, whose raw_data the weights alias, alive.
  std::shared_ptr<const onnx::ModelProto> modelOwner;
  mlir::OpBuilder b;
  int64_t opset = 0;
  llvm::StringMap<mlir::Value> values;
  /// Initializers and Constant node values (decoded into `known` when an
  /// op reads them at import time; a Constant becomes a cgraph.constant
  /// only when a runtime op reads it).
  llvm::StringMap<const onnx::TensorProto *> constants;
  /// Tensors known at import time: decoded constants and the results of
  /// nodes evaluated at import (shape arithmetic, masks). A runtime op
  /// that reads one gets it as a cgraph.constant (`lookup`).
  llvm::StringMap<KnownTensor> known;
  /// The names some node or graph output reads.
  llvm::StringSet<> used;
  /// What defines each value so far: "a graph input", "an initializer" or
  /// "node 'N'".
  llvm::StringMap<std::string> producers;
};

} // namespace onnx_import
} // namespace mcg

#endif // MCG_LIB_TARGET_ONNX_IMPORTER_H
