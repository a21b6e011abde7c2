//===- PinShapes.cpp - --input-shape and --dim for ONNX models ------------===//
//
// Exporters other than torch leave input dimensions symbolic (`batch`,
// `p2o.DynamicDimension.0`); mcg compiles for static shapes. The user pins
// them: --input-shape NAME=1x3x640x640 gives an input's whole shape, --dim
// SYMBOL=N binds a dimension name wherever it appears. Both rewrite the
// model's declared types before import (inputs, outputs and value_info, so
// ONNX's shape inference sees the pinned shapes too). This file also holds
// the two command-line options every tool that reads .onnx registers.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "mcg/Target/ONNX/ImportONNX.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ManagedStatic.h"

using namespace mlir;

namespace mcg {

namespace {
struct ImportCLOptions {
  llvm::cl::OptionCategory category{"ONNX import options"};
  llvm::cl::list<std::string> inputShapes{
      "input-shape",
      llvm::cl::desc("Pin the shape of an ONNX graph input (repeatable)"),
      llvm::cl::value_desc("NAME=D0xD1x..."), llvm::cl::cat(category)};
  llvm::cl::list<std::string> dims{
      "dim",
      llvm::cl::desc("Bind a symbolic ONNX dimension wherever it appears "
                     "(repeatable)"),
      llvm::cl::value_desc("SYMBOL=N"), llvm::cl::cat(category)};
};
} // namespace

static llvm::ManagedStatic<ImportCLOptions> clOptions;

void registerONNXImportOptions() { (void)*clOptions; }

llvm::cl::OptionCategory &onnxImportOptionCategory() {
  return clOptions->category;
}

ONNXImportOptions onnxImportOptionsFromCommandLine() {
  if (!clOptions.isConstructed())
    return {};
  return {
      std::vector<std::string>(clOptions->inputShapes.begin(),
                               clOptions->inputShapes.end()),
      std::vector<std::string>(clOptions->dims.begin(), clOptions->dims.end())};
}

namespace onnx_import {

/// Binds every dimension named `symbol` in `type` to `value`.
static void bindSymbol(onnx::TypeProto &type, const std::string &symbol,
                       int64_t value, bool &found) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return;
  for (onnx::TensorShapeProto::Dimension &d :
       *type.mutable_tensor_type()->mutable_shape()->mutable_dim()) {
    if (d.has_dim_param() && d.dim_param() == symbol) {
      d.set_dim_value(value);
      found = true;
    }
  }
}

static void bindEverywhere(onnx::GraphProto &graph, const std::string &symbol,
                           int64_t value, bool &found) {
  for (auto *list : {graph.mutable_input(), graph.mutable_output(),
                     graph.mutable_value_info()})
    for (onnx::ValueInfoProto &info : *list)
      bindSymbol(*info.mutable_type(), symbol, value, found);
}

LogicalResult pinShapes(onnx::ModelProto &model,
                        const ONNXImportOptions &options, Location loc) {
  onnx::GraphProto &graph = *model.mutable_graph();
  for (const std::string &entry : options.dims) {
    auto [symbol, text] = StringRef(entry).split('=');
    int64_t value;
    if (symbol.empty() || text.getAsInteger(10, value) || value <= 0)
      return emitError(loc) << "--dim expects SYMBOL=N with N a positive "
                               "integer, got '"
                            << entry << "'";
    bool found = false;
    bindEverywhere(graph, symbol.str(), value, found);
    if (!found)
      return emitError(loc)
             << "--dim " << entry << ": no dimension of the model is named '"
             << symbol << "'";
  }
  for (const std::string &entry : options.inputShapes) {
    auto [name, text] = StringRef(entry).split('=');
    SmallVector<int64_t> shape;
    SmallVector<StringRef> parts;
    text.split(parts, 'x');
    bool ok = !name.empty() && !text.empty();
    for (StringRef part : parts) {
      int64_t d;
      ok &= !part.getAsInteger(10, d) && d > 0;
      shape.push_back(ok ? d : 0);
    }
    if (!ok)
      return emitError(loc) << "--input-shape expects NAME=D0xD1x... with "
                               "positive dimensions, got '"
                            << entry << "'";
    onnx::ValueInfoProto *input = nullptr;
    std::string names;
    for (onnx::ValueInfoProto &in : *graph.mutable_input()) {
      if (in.name() == name)
        input = &in;
      names += (names.empty() ? "" : ", ") + in.name();
    }
    if (!input)
      return emitError(loc)
             << "--input-shape " << entry << ": the model has no input named '"
             << name << "'; its inputs are: " << names;
    onnx::TypeProto &type = *input->mutable_type();
    if (!type.has_tensor_type())
      return emitError(loc) << "--input-shape " << entry << ": input '" << name
                            << "' is not a tensor";
    bool hadShape = type.tensor_type().has_shape();
    onnx::TensorShapeProto &declared =
        *type.mutable_tensor_type()->mutable_shape();
    if (hadShape && declared.dim_size() != static_cast<int>(shape.size()))
      return emitError(loc)
             << "--input-shape " << entry << ": input '" << name
             << "' has rank " << declared.dim_size() << ", the flag gives "
             << shape.size() << " dimensions";
    if (!hadShape)
      for (size_t i = 0; i < shape.size(); ++i)
        declared.add_dim();
    for (size_t i = 0; i < shape.size(); ++i) {
      onnx::TensorShapeProto::Dimension &d = *declared.mutable_dim(i);
      if (d.has_dim_value() && d.dim_value() != shape[i])
        return emitError(loc)
               << "--input-shape " << entry << ": dimension " << i
               << " of input '" << name << "' is " << d.dim_value()
               << " in the model, not " << shape[i];
      // A symbol pinned here is pinned wherever else it appears.
      // (A copy of the symbol: binding `d` itself frees its dim_param.)
      if (d.has_dim_param()) {
        bool found = false;
        std::string symbol = d.dim_param();
        bindEverywhere(graph, symbol, shape[i], found);
      }
      d.set_dim_value(shape[i]);
    }
  }
  return success();
}

} // namespace onnx_import
} // namespace mcg
