//===- PyFunction.cpp - mcg.Function: a compiled model, called on numpy ---===//
//
// Inputs are checked against the graph's signature (name, dtype, shape,
// C-contiguity, alignment) and passed to the compiled code as they are, no
// copies; every call returns fresh output arrays. The compiled code runs
// with the GIL released: it keeps no state between calls, so one Function
// runs on several Python threads at once.
//
//===----------------------------------------------------------------------===//

#include "PyModel.h"

#include "mcg/Tools/RandomInputs.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/stl.h>

#include <cstring>

namespace py = pybind11;

namespace mcg::python {

Function::Function(std::shared_ptr<const Model> model, JitOptions options,
                   std::unique_ptr<JitGraph> jit)
    : model(std::move(model)), options(std::move(options)),
      jit(std::move(jit)) {}

Function::~Function() = default;

static std::string names(const std::vector<TensorSpec> &specs) {
  std::string s;
  for (const TensorSpec &t : specs)
    s += (s.empty() ? "" : ", ") + t.name;
  return s;
}

static std::string dtypeName(const std::string &npy) {
  return py::str(dtypeOf(npy)).cast<std::string>();
}

/// `value`, checked to be an array that `spec` accepts without a copy.
static py::array checkedArray(const TensorSpec &spec, py::handle value) {
  std::string expected = "a numpy.ndarray of shape " + formatShape(spec.shape) +
                         " and dtype " + dtypeName(spec.dtype);
  if (!py::isinstance<py::array>(value))
    throw py::value_error("input '" + spec.name + "' must be " + expected +
                          ", got " +
                          py::str(py::type::of(value)).cast<std::string>());
  py::array array = py::reinterpret_borrow<py::array>(value);
  if (!array.dtype().is(dtypeOf(spec.dtype)) &&
      !array.dtype().equal(dtypeOf(spec.dtype)))
    throw py::value_error("input '" + spec.name + "' has dtype " +
                          py::str(array.dtype()).cast<std::string>() +
                          ", expected " + dtypeName(spec.dtype) +
                          " (convert it with .astype(numpy." +
                          dtypeName(spec.dtype) + "))");
  llvm::SmallVector<int64_t> shape(array.shape(), array.shape() + array.ndim());
  if (shape != spec.shape)
    throw py::value_error("input '" + spec.name + "' has shape " +
                          formatShape(shape) + ", expected " +
                          formatShape(spec.shape));
  if (!(array.flags() & py::array::c_style))
    throw py::value_error("input '" + spec.name +
                          "' is not C-contiguous; pass "
                          "numpy.ascontiguousarray(...) of it");
  constexpr int kAligned = 0x0100; // NPY_ARRAY_ALIGNED
  if (!(array.flags() & kAligned))
    throw py::value_error("input '" + spec.name +
                          "' is not aligned for its dtype; pass a copy of it");
  return array;
}

std::vector<py::array> Function::checkedInputs(const py::args &args,
                                               const py::kwargs &kwargs) const {
  const GraphSignature &sig = jit->signature();
  const std::vector<TensorSpec> &specs = sig.inputs;
  if (args.size() > specs.size())
    throw py::value_error("graph @" + sig.name + " takes " +
                          std::to_string(specs.size()) + " input(s) (" +
                          names(specs) + "), got " +
                          std::to_string(args.size()) + " positional arrays");
  std::vector<py::handle> given(specs.size());
  for (size_t i = 0; i < args.size(); ++i)
    given[i] = args[i];
  for (auto [key, value] : kwargs) {
    std::string name = key.cast<std::string>();
    auto it = llvm::find_if(
        specs, [&](const TensorSpec &t) { return t.name == name; });
    if (it == specs.end())
      throw py::value_error("graph @" + sig.name + " has no input named '" +
                            name + "'; its inputs are: " + names(specs));
    size_t i = it - specs.begin();
    if (given[i])
      throw py::value_error("input '" + name +
                            "' is given twice (by position and by name)");
    given[i] = value;
  }
  std::vector<py::array> arrays;
  for (auto [spec, value] : llvm::zip(specs, given)) {
    if (!value)
      throw py::value_error("missing input '" + spec.name + "' (graph @" +
                            sig.name + " needs: " + names(specs) + ")");
    arrays.push_back(checkedArray(spec, value));
  }
  return arrays;
}

std::vector<py::array> Function::prepare(const std::vector<py::array> &inputs,
                                         std::vector<void *> &buffers) const {
  std::vector<py::array> outputs;
  for (const py::array &a : inputs)
    buffers.push_back(const_cast<void *>(a.data()));
  for (const TensorSpec &spec : jit->signature().outputs) {
    std::vector<py::ssize_t> shape(spec.shape.begin(), spec.shape.end());
    outputs.emplace_back(dtypeOf(spec.dtype), shape);
    buffers.push_back(outputs.back().mutable_data());
  }
  return outputs;
}

py::dict Function::call(const py::args &args, const py::kwargs &kwargs) const {
  std::vector<py::array> inputs = checkedInputs(args, kwargs);
  std::vector<void *> buffers;
  std::vector<py::array> outputs = prepare(inputs, buffers);
  {
    py::gil_scoped_release release;
    jit->run(buffers);
  }
  py::dict result;
  for (auto [spec, array] : llvm::zip(jit->signature().outputs, outputs))
    result[py::str(spec.name)] = array;
  return result;
}

std::vector<py::array> Function::benchmarkInputs(const py::object &inputs,
                                                 const char *what) const {
  if (py::isinstance<py::dict>(inputs))
    return checkedInputs(py::args(py::tuple()),
                         py::reinterpret_borrow<py::kwargs>(inputs));
  if (py::isinstance<py::list>(inputs) || py::isinstance<py::tuple>(inputs))
    return checkedInputs(py::args(py::tuple(inputs)), py::kwargs());
  if (!inputs.is_none())
    throw py::value_error(std::string(what) +
                          ": inputs must be None (generated), a dict "
                          "{name: array} or a list of arrays, got " +
                          py::repr(inputs).cast<std::string>());
  // As mcg-run --random-inputs draws them (seed 0, default distributions).
  std::vector<py::array> arrays;
  for (const TensorSpec &spec : jit->signature().inputs) {
    NpyArray drawn = generateInput(spec, defaultDistribution(spec), 0);
    std::vector<py::ssize_t> shape(spec.shape.begin(), spec.shape.end());
    py::array array(dtypeOf(spec.dtype), shape);
    std::memcpy(array.mutable_data(), drawn.data.data(), drawn.data.size());
    arrays.push_back(array);
  }
  return arrays;
}

py::dict Function::benchmark(const py::object &inputs, unsigned repeat,
                             unsigned warmup) const {
  if (repeat == 0)
    throw py::value_error("benchmark: repeat must be a positive int, got 0");
  std::vector<py::array> arrays = benchmarkInputs(inputs, "benchmark");
  std::vector<void *> buffers;
  std::vector<py::array> outputs = prepare(arrays, buffers);
  std::vector<double> ms;
  {
    py::gil_scoped_release release;
    ms = timeRuns(*jit, buffers, warmup, repeat);
  }
  py::dict result;
  result["median_ms"] = medianOf(ms);
  result["min_ms"] = ms.front();
  result["max_ms"] = ms.back();
  result["runs"] = repeat;
  return result;
}

/// The kernel timer's hooks report to one timer at a time.
static std::mutex profileMutex;

py::dict Function::profile(const py::object &inputs, unsigned repeat,
                           unsigned warmup) {
  if (repeat == 0)
    throw py::value_error("profile: repeat must be a positive int, got 0");
  std::vector<py::array> arrays = benchmarkInputs(inputs, "profile");
  if (!profiled) {
    JitOptions profiling = options;
    profiling.profile = true;
    Session &session = *model->getSession();
    llvm::Expected<std::unique_ptr<JitGraph>> built(nullptr);
    Diagnostics diagnostics;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(session.mutex);
      DiagnosticCapture capture(session);
      mlir::OwningOpRef<mlir::ModuleOp> copy = model->cloneModule();
      built = JitGraph::create(*copy, profiling);
      diagnostics = capture.take();
    }
    if (!built)
      raise(built.takeError(), diagnostics,
            "compiling the profiled code failed");
    warnDiagnostics(diagnostics);
    // Another thread may have built it meanwhile (the GIL was released).
    if (!profiled)
      profiled = std::move(*built);
  }
  std::vector<void *> buffers;
  std::vector<py::array> outputs = prepare(arrays, buffers);
  llvm::ArrayRef<KernelCall> calls = profiled->kernelCalls();
  std::vector<double> ms, kernelMs;
  {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(profileMutex);
    KernelTimer timer(calls.size());
    timer.activate();
    ms = timeRuns(*profiled, buffers, warmup, repeat, &timer);
    kernelMs = timer.medianMs();
  }
  double latency = medianOf(ms);
  std::string table;
  llvm::raw_string_ostream os(table);
  printKernelProfile(os, calls, kernelMs, latency, repeat, options.threads,
                     /*top=*/0);
  os.flush();

  double total = 0;
  for (double t : kernelMs)
    total += t;
  std::vector<size_t> order(calls.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  // Slowest first, as the table; equal times in program order.
  llvm::sort(order, [&](size_t a, size_t b) {
    return kernelMs[a] != kernelMs[b] ? kernelMs[a] > kernelMs[b] : a < b;
  });
  py::list rows;
  for (size_t i : order) {
    const KernelCall &call = calls[i];
    py::dict row;
    row["kernel"] = call.kernel;
    row["ops"] = py::cast(call.ops);
    row["shape"] = call.shape;
    row["ms"] = kernelMs[i];
    row["share"] = total > 0 ? kernelMs[i] / total : 0.0;
    row["flops"] = call.flops ? py::object(py::int_(*call.flops)) : py::none();
    row["bytes"] = call.bytes;
    row["called"] = call.called;
    row["call"] = i;
    rows.append(row);
  }
  py::dict result;
  result["kernels"] = rows;
  result["total_ms"] = total;
  result["latency_ms"] = latency;
  result["runs"] = repeat;
  result["threads"] = options.threads;
  result["table"] = table;
  return result;
}

std::string Function::repr() const {
  const GraphSignature &sig = jit->signature();
  return "<mcg.Function @" + sig.name + ": inputs " + names(sig.inputs) +
         "; outputs " + names(sig.outputs) + "; " + jit->cpu() + ", " +
         std::to_string(options.threads) +
         (options.threads == 1 ? " thread>" : " threads>");
}

} // namespace mcg::python
