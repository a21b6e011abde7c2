//===- MCGModule.cpp - the Python module mcg._mcg -------------------------===//
//
// Binds mcg::python::Model and Function (PyModel.h); python/mcg/__init__.py
// re-exports them as the `mcg` package. Docstrings are the reference a user
// sees with help(); docs/python.md is the guide.
//
//===----------------------------------------------------------------------===//

#include "PyModel.h"

#include <pybind11/stl.h>

namespace py = pybind11;
using namespace mcg::python;

/// mcg.Error and mcg.Diagnostic, alive as long as the process.
static py::handle errorType, diagnosticType;

PYBIND11_MODULE(_mcg, m) {
  m.doc() = "mcg's C++ extension: models, passes and the JIT in process.";
  mcg::initializeTools();

  // mcg.Error: the message is the diagnostics' text, `diagnostics` the
  // list of mcg.Diagnostic(severity, location, message).
  errorType = py::exception<Error>(m, "Error", PyExc_Exception).inc_ref();
  errorType.attr("__doc__") =
      "A model failed to load, transform or compile. str(e) holds MLIR's "
      "diagnostics as the tools print them, with their locations "
      "(file:line:col, ONNX node names); e.diagnostics lists them as "
      "mcg.Diagnostic(severity, location, message).";
  errorType.attr("diagnostics") = py::list();
  py::object diagnostic =
      py::module_::import("collections")
          .attr("namedtuple")("Diagnostic", "severity location message");
  diagnostic.attr("__module__") = "mcg";
  diagnostic.attr("__doc__") =
      "One diagnostic: severity ('error', 'warning', 'remark', 'note'), the "
      "location (an op's source name such as an ONNX node's, or "
      "file:line:col) and the message.";
  m.attr("Diagnostic") = diagnostic;
  diagnosticType = diagnostic.inc_ref();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p)
        std::rethrow_exception(p);
    } catch (const Error &e) {
      py::list records;
      for (const DiagnosticRecord &r : e.records)
        records.append(diagnosticType(r.severity, r.location, r.message));
      py::object error = errorType(e.what());
      error.attr("diagnostics") = records;
      PyErr_SetObject(errorType.ptr(), error.ptr());
    }
  });
  m.attr("Warning") = py::reinterpret_steal<py::object>(
      PyErr_NewExceptionWithDoc("mcg._mcg.Warning",
                                "Warnings and remarks of an operation that "
                                "succeeded (such as what fold_constants "
                                "did not fold and why).",
                                PyExc_UserWarning, nullptr));
  py::object tensor = py::module_::import("collections")
                          .attr("namedtuple")("Tensor", "name shape dtype");
  tensor.attr("__module__") = "mcg";
  tensor.attr("__doc__") = "An input or output of a graph: its name, shape "
                           "(a tuple of ints) and numpy dtype.";
  m.attr("Tensor") = tensor;
  tensorType = tensor.inc_ref();

  py::class_<Model, std::shared_ptr<Model>>(m, "Model", R"(A model: one graph.

Made by mcg.load; every transformation returns a new Model and leaves this
one unchanged.)")
      .def_property_readonly("inputs", &Model::inputs,
                             "The graph's inputs, in order: a list of "
                             "mcg.Tensor(name, shape, dtype).")
      .def_property_readonly("outputs", &Model::outputs,
                             "The graph's outputs, in order: a list of "
                             "mcg.Tensor(name, shape, dtype).")
      .def_property_readonly(
          "name", [](const Model &model) { return model.signature().name; },
          "The graph's symbol name.")
      .def("prune", &Model::prune, py::arg("outputs"), py::kw_only(),
           py::arg("inputs") = py::none(),
           py::arg("keep_unused_inputs") = false,
           R"(A new Model with only the named outputs and the ops they need
(the min_consumer subgraph), as --prune-to. inputs=[names] makes inner
values (ONNX tensor or node names, op locations) new graph inputs, as
--prune-to="OUT inputs=...": the ops that only fed them go. Inputs no kept
op reads are dropped unless keep_unused_inputs=True.)")
      .def("fold_constants", &Model::foldConstants,
           "A new Model with constant subgraphs evaluated and batch norms "
           "folded into convolutions, as --fold-constants.")
      .def("fuse", &Model::fuse,
           "A new Model with producers and their elementwise epilogues "
           "grouped into cgraph.fused regions, as --fuse.")
      .def("report", &Model::report, py::arg("outputs") = py::none(),
           R"(The --prune-to report of pruning this model to `outputs` (default:
all of its outputs), as a dict: per output its exclusive and shared ops,
weight bytes and FLOPs, and the totals before and after. The model is not
changed.)")
      .def("save", &Model::save, py::arg("path"),
           "Writes the model as MLIR text (str(model)) to a .mlir file.")
      .def("export_onnx", &Model::exportONNX, py::arg("path"),
           "Writes the model as an ONNX file (opset 17), as mcg-translate "
           "--export-onnx.")
      .def(
          "compile", &Model::compile, py::kw_only(), py::arg("threads") = 1,
          py::arg("mcpu") = "",
          R"(Compiles the model in this process (JIT) for this CPU, or for the CPU
LLVM calls `mcpu` if this host can run its code, with contractions on
`threads` OpenMP threads. Returns an mcg.Function.)")
      .def("compile_library", &Model::compileLibrary, py::arg("path"),
           py::kw_only(), py::arg("threads") = 1, py::arg("mcpu") = "",
           R"(Writes DIR/libNAME.so and DIR/NAME.h for path "DIR/NAME", as
mcg-compile -o DIR/NAME. Returns {"library": ..., "header": ...}.)")
      .def("__str__", &Model::str)
      .def("__repr__", &Model::repr);

  py::class_<Function, std::shared_ptr<Function>>(m, "Function",
                                                  R"(A compiled model.

Call it with one numpy array per input, by position (in input order) or by
name; it returns a dict {output name: fresh numpy array}. Calls release the
GIL and may run on several threads at once.)")
      .def("__call__", &Function::call)
      .def_property_readonly("inputs", &Function::inputs,
                             "The inputs, as Model.inputs.")
      .def_property_readonly("outputs", &Function::outputs,
                             "The outputs, as Model.outputs.")
      .def_property_readonly("threads", &Function::threads,
                             "The OpenMP threads of the contractions.")
      .def_property_readonly("cpu", &Function::cpu,
                             "The CPU the code was generated for.")
      .def(
          "benchmark", &Function::benchmark, py::arg("inputs") = py::none(),
          py::kw_only(), py::arg("repeat") = 50, py::arg("warmup") = 2,
          R"(Times `repeat` calls after `warmup` untimed ones, on `inputs` (a dict
or a list of arrays; None: generated as mcg-run --random-inputs does, seed
0). Returns {"median_ms", "min_ms", "max_ms", "runs"}.)")
      .def("profile", &Function::profile, py::arg("inputs") = py::none(),
           py::kw_only(), py::arg("repeat") = 20, py::arg("warmup") = 2,
           R"(Times every kernel call over `repeat` runs, as mcg-run --profile
(compiling the model once more with timing hooks on the first call).
Returns {"kernels": [rows, slowest first], "total_ms", "latency_ms",
"runs", "threads", "table"}; a row has "kernel", "ops", "shape", "ms",
"share", "flops" (None but for contractions), "bytes", "called" (False
for a concatenation whose inputs are in place: not called, 0 ms) and
"call" (its index in program order).)")
      .def("__repr__", &Function::repr);

  m.def("load", &Model::load, py::arg("path"), py::kw_only(),
        py::arg("input_shapes") = py::none(), py::arg("dims") = py::none(),
        R"(Loads a model from a .mlir or .onnx file. For ONNX files,
input_shapes={"x": (1, 3, 640, 640)} pins an input's whole shape and
dims={"batch": 1} every dimension named "batch", as --input-shape and --dim.)");
}
