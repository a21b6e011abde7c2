//===- onnx-graph-fuzzer.cpp - valid ONNX graphs, hostile values ----------===//
//
// Structure-aware: the fuzzer's bytes choose a graph input shape and a
// chain of nodes, each with attributes and integer/float initializer inputs
// drawn from adversarial values (0, negative, huge, prime, out of range),
// and the target writes a well-formed ModelProto from them. So every input
// gets past the protobuf parser and reaches the importer's checks, the op
// verifiers, the import-time evaluator and ONNX's shape inference; what is
// accepted then goes through the passes. A byte stream that runs out
// reads as zeros.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "mcg/Target/ONNX/ImportONNX.h"

#include "mlir/IR/Location.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace {

/// Reads choices from the fuzzer's bytes.
class Choices {
public:
  Choices(const uint8_t *data, size_t size) : data(data), size(size) {}
  uint8_t byte() { return pos < size ? data[pos++] : 0; }
  bool done() const { return pos >= size; }
  template <typename T, size_t N> T pick(const T (&table)[N]) {
    return table[byte() % N];
  }
  /// A small value most of the time, an adversarial one otherwise.
  int64_t integer() {
    static const int64_t small[] = {0, 1, 2, 3, -1, 1, 2, 4};
    static const int64_t hostile[] = {0,
                                      -1,
                                      -2,
                                      7,
                                      13,
                                      1 << 20,
                                      int64_t(1) << 31,
                                      int64_t(1) << 32,
                                      4294967311, // A prime above 2^32.
                                      int64_t(1) << 62,
                                      std::numeric_limits<int64_t>::max(),
                                      std::numeric_limits<int64_t>::min()};
    uint8_t b = byte();
    return b < 192 ? small[b % 8] : hostile[b % 12];
  }
  std::vector<int64_t> integers(size_t maxLen) {
    std::vector<int64_t> v(byte() % (maxLen + 1));
    for (int64_t &x : v)
      x = integer();
    return v;
  }
  int64_t dim() {
    static const int64_t dims[] = {1,
                                   2,
                                   3,
                                   4,
                                   5,
                                   7,
                                   8,
                                   1,
                                   2,
                                   3,
                                   0,
                                   13,
                                   16,
                                   1 << 20,
                                   int64_t(1) << 40,
                                   int64_t(1) << 62};
    return pick(dims);
  }
  float real() {
    static const float reals[] = {1.0f,  2.0f,   0.5f,     0.0f,      -1.0f,
                                  1e30f, 1e-30f, INFINITY, -INFINITY, NAN};
    return pick(reals);
  }

private:
  const uint8_t *data;
  size_t size;
  size_t pos = 0;
};

/// Writes the model.
class GraphWriter {
public:
  GraphWriter(Choices &c, onnx::GraphProto &g) : c(c), g(g) {}

  std::string fresh() { return "v" + std::to_string(counter++); }

  std::string intInit(const std::vector<int64_t> &values, bool scalar) {
    onnx::TensorProto &t = *g.add_initializer();
    t.set_name(fresh());
    t.set_data_type(onnx::TensorProto::INT64);
    if (!scalar)
      t.add_dims(static_cast<int64_t>(values.size()));
    for (int64_t v : values)
      t.add_int64_data(v);
    return t.name();
  }
  std::string floatInit(std::vector<int64_t> dims, float fill, bool ramp) {
    int64_t count = 1;
    for (int64_t d : dims)
      count = d > 0 && count <= 64 / d ? count * d : (d == 0 ? 0 : 65);
    onnx::TensorProto &t = *g.add_initializer();
    t.set_name(fresh());
    t.set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims)
      t.add_dims(d);
    // Tensors of more than 64 elements get no data: a short initializer
    // is one more hostile case.
    for (int64_t i = 0; i < count && i <= 64; ++i)
      t.add_float_data(ramp ? fill + static_cast<float>(i) : fill);
    return t.name();
  }
  void ints(onnx::NodeProto &n, const std::string &name, size_t maxLen) {
    onnx::AttributeProto &a = *n.add_attribute();
    a.set_name(name);
    a.set_type(onnx::AttributeProto::INTS);
    for (int64_t v : c.integers(maxLen))
      a.add_ints(v);
  }
  void intAttr(onnx::NodeProto &n, const std::string &name) {
    onnx::AttributeProto &a = *n.add_attribute();
    a.set_name(name);
    a.set_type(onnx::AttributeProto::INT);
    a.set_i(c.integer());
  }

  /// Appends one node reading `x` (and `y`, another value); returns its
  /// output's name.
  std::string node(const std::string &x, const std::string &y) {
    static const char *ops[] = {
        "Conv",        "ConvTranspose", "MaxPool",
        "AveragePool", "Gather",        "Reshape",
        "Slice",       "Pad",           "Transpose",
        "Concat",      "Split",         "Tile",
        "Expand",      "DepthToSpace",  "SpaceToDepth",
        "Resize",      "Softmax",       "Flatten",
        "ArgMax",      "ReduceSum",     "Squeeze",
        "Unsqueeze",   "Relu",          "Add",
        "MatMul",      "Range",         "ConstantOfShape",
        "Shape",       "Size",          "Div",
        "Mod",         "Gemm"};
    std::string op = c.pick(ops);
    onnx::NodeProto &n = *g.add_node();
    n.set_op_type(op);
    n.set_name(op + std::to_string(counter));
    n.add_input(x);
    auto weight = [&]() {
      return floatInit({c.dim() % 5, c.dim() % 5, c.byte() % 4, c.byte() % 4},
                       0.5f, true);
    };
    if (op == "Conv" || op == "ConvTranspose") {
      n.add_input(weight());
      for (const char *a : {"strides", "dilations"})
        if (c.byte() % 2)
          ints(n, a, 2);
      if (c.byte() % 2)
        ints(n, "pads", 4);
      if (c.byte() % 2)
        intAttr(n, "group");
      if (op == "ConvTranspose" && c.byte() % 2)
        ints(n, "output_padding", 2);
    } else if (op == "MaxPool" || op == "AveragePool") {
      ints(n, "kernel_shape", 2);
      for (const char *a : {"strides", "pads", "ceil_mode"}) {
        if (c.byte() % 2 == 0)
          continue;
        if (std::string(a) == "ceil_mode")
          intAttr(n, a);
        else
          ints(n, a, std::string(a) == "pads" ? 4 : 2);
      }
      if (op == "MaxPool" && c.byte() % 2)
        ints(n, "dilations", 2);
    } else if (op == "Gather" || op == "Reshape" || op == "Tile" ||
               op == "Expand") {
      n.add_input(intInit(c.integers(4), op == "Gather" && c.byte() % 4 == 0));
      if (op == "Gather" && c.byte() % 2)
        intAttr(n, "axis");
    } else if (op == "Slice") {
      size_t len = c.byte() % 3;
      for (int i = 0; i < 4; ++i) {
        std::vector<int64_t> v(len);
        for (int64_t &e : v)
          e = c.integer();
        n.add_input(intInit(v, false));
      }
    } else if (op == "Pad" || op == "Squeeze" || op == "Unsqueeze" ||
               op == "Split") {
      n.add_input(intInit(c.integers(8), false));
      if (op == "Split") {
        intAttr(n, "axis");
        n.add_output(fresh());
      }
    } else if (op == "Transpose") {
      ints(n, "perm", 4);
    } else if (op == "Concat" || op == "Add" || op == "MatMul" || op == "Div" ||
               op == "Mod" || op == "Gemm") {
      n.add_input(y);
      if (op == "Concat" || c.byte() % 4 == 0)
        intAttr(n, op == "Concat" ? "axis" : "fmod");
      if (op == "Gemm") {
        intAttr(n, "transA");
        intAttr(n, "transB");
      }
    } else if (op == "DepthToSpace" || op == "SpaceToDepth") {
      intAttr(n, "blocksize");
    } else if (op == "Resize") {
      n.add_input("");
      std::vector<int64_t> dims = {4};
      std::string scales = floatInit(dims, 1.0f, false);
      onnx::TensorProto &t =
          g.mutable_initializer()->at(g.initializer_size() - 1);
      t.clear_float_data();
      for (int i = 0; i < 4; ++i)
        t.add_float_data(c.byte() % 2 ? 1.0f : c.real());
      n.add_input(scales);
    } else if (op == "Softmax" || op == "Flatten" || op == "ArgMax") {
      intAttr(n, "axis");
    } else if (op == "ReduceSum") {
      n.add_input(intInit(c.integers(3), false));
      intAttr(n, "keepdims");
    } else if (op == "Range") {
      n.clear_input();
      for (int i = 0; i < 3; ++i)
        n.add_input(intInit({c.integer()}, true));
    } else if (op == "ConstantOfShape") {
      n.clear_input();
      n.add_input(intInit(c.integers(4), false));
    }
    std::string out = fresh();
    n.add_output(out);
    return out;
  }

private:
  Choices &c;
  onnx::GraphProto &g;
  int counter = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Choices c(data, size);
  onnx::ModelProto model;
  model.set_ir_version(8);
  static const int64_t opsets[] = {13, 11, 17, 9};
  onnx::OperatorSetIdProto &opset = *model.add_opset_import();
  opset.set_domain("");
  opset.set_version(c.pick(opsets));
  onnx::GraphProto &g = *model.mutable_graph();
  g.set_name("fuzz");
  onnx::ValueInfoProto &in = *g.add_input();
  in.set_name("x");
  onnx::TypeProto::Tensor &tt = *in.mutable_type()->mutable_tensor_type();
  tt.set_elem_type(onnx::TensorProto::FLOAT);
  int rank = 1 + c.byte() % 4;
  for (int i = 0; i < rank; ++i)
    tt.mutable_shape()->add_dim()->set_dim_value(c.dim());

  GraphWriter w(c, g);
  std::string last = "x", prev = "x";
  int nodes = 1 + c.byte() % 6;
  for (int i = 0; i < nodes && !(i > 0 && c.done()); ++i) {
    std::string out = w.node(last, prev);
    prev = last;
    last = out;
  }
  onnx::ValueInfoProto &out = *g.add_output();
  out.set_name(last);
  out.mutable_type()->mutable_tensor_type()->set_elem_type(
      onnx::TensorProto::FLOAT);

  std::string bytes;
  if (!model.SerializeToString(&bytes))
    return 0;
  std::unique_ptr<mlir::MLIRContext> owner = mcg::fuzz::newContext();
  mlir::MLIRContext &ctx = *owner;
  mlir::OwningOpRef<mlir::ModuleOp> module = mcg::importONNX(
      bytes, mlir::UnknownLoc::get(&ctx), "/nonexistent-mcg-fuzz");
  if (!module)
    return 0;
  mcg::fuzz::requireValid(*module, "import");
  mcg::fuzz::runPasses(*module);
  return 0;
}
