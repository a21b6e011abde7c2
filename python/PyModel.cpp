//===- PyModel.cpp - mcg.Model: load, look, transform, save ---------------===//
//
// Every operation on a model's MLIR context runs with the GIL released and
// the session locked (in that order, so that a thread waiting for the lock
// never holds the GIL), under a DiagnosticCapture; Python objects are only
// touched before and after.
//
//===----------------------------------------------------------------------===//

#include "PyModel.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/Transforms/JSONReport.h"
#include "mcg/Dialect/CGraph/Transforms/Passes.h"
#include "mcg/Target/ONNX/ExportONNX.h"
#include "mcg/Tools/Library.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <pybind11/stl.h>

namespace py = pybind11;
using namespace mlir;

namespace mcg::python {

py::handle tensorType;

Session::Session() { prepareContext(context); }

static const char *severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Remark:
    return "remark";
  case DiagnosticSeverity::Note:
    return "note";
  }
  return "error";
}

static DiagnosticRecord record(const Diagnostic &diag) {
  return {severityName(diag.getSeverity()),
          cgraph::describeLocation(diag.getLocation()), diag.str()};
}

DiagnosticCapture::DiagnosticCapture(Session &session)
    : os(std::make_unique<llvm::raw_string_ostream>(buffer)),
      printer(std::make_unique<SourceMgrDiagnosticHandler>(
          session.sourceMgr, &session.context, *os)),
      recorder(std::make_unique<ScopedDiagnosticHandler>(
          &session.context, [this](Diagnostic &diag) {
            records.push_back(record(diag));
            for (const Diagnostic &note : diag.getNotes())
              records.push_back(record(note));
            return failure(); // on to the printer
          })) {}

DiagnosticCapture::~DiagnosticCapture() = default;

Diagnostics DiagnosticCapture::take() {
  os->flush();
  return {llvm::StringRef(buffer).rtrim().str(), records};
}

void warnDiagnostics(const Diagnostics &diagnostics) {
  if (diagnostics.text.empty())
    return;
  py::object category = py::module_::import("mcg._mcg").attr("Warning");
  if (PyErr_WarnEx(category.ptr(), diagnostics.text.c_str(), 2) < 0)
    throw py::error_already_set();
}

void raise(const Diagnostics &diagnostics, const std::string &fallback) {
  throw Error(diagnostics.text.empty() ? fallback : diagnostics.text,
              diagnostics.records);
}

void raise(llvm::Error error, const Diagnostics &diagnostics,
           const std::string &fallback) {
  std::string message;
  bool diagnosed = false;
  llvm::handleAllErrors(
      std::move(error), [&](const DiagnosedError &) { diagnosed = true; },
      [&](const llvm::ErrorInfoBase &e) { message = e.message(); });
  if (diagnosed)
    raise(diagnostics, fallback);
  throw Error(message.empty() ? fallback : message);
}

std::string pathArgument(const py::object &path) {
  if (!py::isinstance<py::str>(path) && !py::hasattr(path, "__fspath__"))
    throw py::value_error("a path must be a str or os.PathLike, got " +
                          py::repr(path).cast<std::string>());
  py::object text = py::module_::import("os").attr("fspath")(path);
  if (!py::isinstance<py::str>(text))
    throw py::value_error("a path must be a str or os.PathLike, got " +
                          py::repr(path).cast<std::string>());
  return text.cast<std::string>();
}

py::dtype dtypeOf(const std::string &npy) { return py::dtype(npy); }

std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string s = "(";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? ", " : "") + std::to_string(d);
  return s + (shape.size() == 1 ? ",)" : ")");
}

/// Runs `fn` with the GIL released and `session` locked, collecting the
/// diagnostics. Returns whether it succeeded and what was reported.
static std::pair<bool, Diagnostics>
withSession(Session &session, const std::function<bool()> &fn) {
  py::gil_scoped_release release;
  std::lock_guard<std::mutex> lock(session.mutex);
  DiagnosticCapture capture(session);
  bool ok = fn();
  return {ok, capture.take()};
}

/// The checks of `threads` that compile and compile_library share.
static void checkThreads(unsigned threads) {
  if (threads == 0)
    throw py::value_error("threads must be a positive int, got 0");
  if (threads > 1 && openMPRuntimePath().empty())
    throw Error("threads > 1 needs the OpenMP runtime (libomp-22-dev)");
}

static std::string names(const std::vector<TensorSpec> &specs) {
  std::string s;
  for (const TensorSpec &t : specs)
    s += (s.empty() ? "" : ", ") + t.name;
  return s;
}

/// A positive integer or a ValueError naming `what`.
static int64_t positive(const py::handle &value, const std::string &what) {
  if (!py::isinstance<py::int_>(value) || py::isinstance<py::bool_>(value))
    throw py::value_error(what + " must be a positive int, got " +
                          py::repr(value).cast<std::string>());
  int64_t v = value.cast<int64_t>();
  if (v <= 0)
    throw py::value_error(what + " must be a positive int, got " +
                          std::to_string(v));
  return v;
}

/// `input_shapes` and `dims` of mcg.load as the ONNX importer's options.
static ONNXImportOptions importOptions(const py::object &inputShapes,
                                       const py::object &dims) {
  ONNXImportOptions options;
  if (!inputShapes.is_none()) {
    if (!py::isinstance<py::dict>(inputShapes))
      throw py::value_error("input_shapes must be a dict {input name: shape}, "
                            "got " +
                            py::repr(inputShapes).cast<std::string>());
    for (auto [key, value] : inputShapes.cast<py::dict>()) {
      if (!py::isinstance<py::str>(key))
        throw py::value_error("input_shapes: the keys are input names (str), "
                              "got " +
                              py::repr(key).cast<std::string>());
      std::string name = key.cast<std::string>();
      if (!py::isinstance<py::tuple>(value) && !py::isinstance<py::list>(value))
        throw py::value_error("input_shapes['" + name +
                              "'] must be a tuple of positive ints, got " +
                              py::repr(value).cast<std::string>());
      std::string shape;
      for (py::handle d : value.cast<py::sequence>())
        shape += (shape.empty() ? "" : "x") +
                 std::to_string(
                     positive(d, "input_shapes['" + name + "'] dimension"));
      if (shape.empty())
        throw py::value_error("input_shapes['" + name +
                              "'] is empty; a shape has at least one "
                              "dimension");
      options.inputShapes.push_back(name + "=" + shape);
    }
  }
  if (!dims.is_none()) {
    if (!py::isinstance<py::dict>(dims))
      throw py::value_error("dims must be a dict {dimension name: size}, got " +
                            py::repr(dims).cast<std::string>());
    for (auto [key, value] : dims.cast<py::dict>()) {
      if (!py::isinstance<py::str>(key))
        throw py::value_error("dims: the keys are dimension names (str), got " +
                              py::repr(key).cast<std::string>());
      std::string name = key.cast<std::string>();
      options.dims.push_back(
          name + "=" + std::to_string(positive(value, "dims['" + name + "']")));
    }
  }
  return options;
}

Model::Model(std::shared_ptr<Session> session, OwningOpRef<ModuleOp> module,
             GraphSignature sig)
    : session(std::move(session)), module(std::move(module)),
      sig(std::move(sig)) {}

// Erasing a module needs no lock: it frees the ops and changes nothing
// that the context shares with other modules.
Model::~Model() = default;

std::shared_ptr<Model> Model::load(const py::object &pathArg,
                                   const py::object &inputShapes,
                                   const py::object &dims) {
  std::string path = pathArgument(pathArg);
  llvm::StringRef file(path);
  if (!file.ends_with(".onnx") && !file.ends_with(".mlir"))
    throw py::value_error("'" + path +
                          "': a model must be a .mlir or .onnx file");
  ONNXImportOptions onnx = importOptions(inputShapes, dims);
  if (file.ends_with(".mlir") && !onnx.empty())
    throw py::value_error("input_shapes and dims apply to .onnx models; '" +
                          path + "' is not one");
  if (!llvm::sys::fs::exists(path)) {
    PyErr_SetString(PyExc_FileNotFoundError,
                    ("no model file '" + path + "'").c_str());
    throw py::error_already_set();
  }
  auto session = std::make_shared<Session>();
  OwningOpRef<ModuleOp> module;
  GraphSignature sig;
  auto [ok, diagnostics] = withSession(*session, [&] {
    module = loadModel(path, session->sourceMgr, session->context, onnx);
    if (!module)
      return false;
    FailureOr<GraphSignature> described = describeGraph(*module);
    if (failed(described))
      return false;
    sig = std::move(*described);
    return true;
  });
  if (!ok)
    raise(diagnostics, "cannot load '" + path + "'");
  warnDiagnostics(diagnostics);
  return std::make_shared<Model>(std::move(session), std::move(module),
                                 std::move(sig));
}

static py::list describe(const std::vector<TensorSpec> &specs) {
  py::list list;
  for (const TensorSpec &t : specs) {
    py::tuple shape(t.shape.size());
    for (auto [i, d] : llvm::enumerate(t.shape))
      shape[i] = py::int_(d);
    list.append(tensorType(t.name, shape, dtypeOf(t.dtype)));
  }
  return list;
}

py::list Model::inputs() const { return describe(sig.inputs); }
py::list Model::outputs() const { return describe(sig.outputs); }

OwningOpRef<ModuleOp> Model::cloneModule() const {
  ModuleOp original = module.get();
  return OwningOpRef<ModuleOp>(original.clone());
}

std::shared_ptr<Model>
Model::transform(const std::function<void(PassManager &)> &passes) const {
  OwningOpRef<ModuleOp> copy;
  GraphSignature newSig;
  auto [ok, diagnostics] = withSession(*session, [&] {
    copy = cloneModule();
    PassManager pm(&session->context);
    passes(pm);
    if (failed(pm.run(*copy)))
      return false;
    FailureOr<GraphSignature> described = describeGraph(*copy);
    if (failed(described))
      return false;
    newSig = std::move(*described);
    return true;
  });
  if (!ok)
    raise(diagnostics, "the passes failed");
  warnDiagnostics(diagnostics);
  return std::make_shared<Model>(session, std::move(copy), std::move(newSig));
}

std::vector<std::string> Model::outputNames(const py::object &outputs,
                                            const char *what) const {
  if (!py::isinstance<py::list>(outputs) && !py::isinstance<py::tuple>(outputs))
    throw py::value_error(std::string(what) +
                          " expects a list of output names, got " +
                          py::repr(outputs).cast<std::string>());
  std::vector<std::string> result;
  for (py::handle item : outputs.cast<py::sequence>()) {
    if (!py::isinstance<py::str>(item))
      throw py::value_error(std::string(what) + ": output names are str, got " +
                            py::repr(item).cast<std::string>());
    std::string name = item.cast<std::string>();
    if (llvm::none_of(sig.outputs,
                      [&](const TensorSpec &t) { return t.name == name; }))
      throw py::value_error(std::string(what) + ": graph @" + sig.name +
                            " has no output named '" + name +
                            "'; its outputs are: " + names(sig.outputs));
    if (llvm::is_contained(result, name))
      throw py::value_error(std::string(what) + ": output '" + name +
                            "' is named twice");
    result.push_back(name);
  }
  if (result.empty())
    throw py::value_error(std::string(what) +
                          " needs at least one output name; graph @" +
                          sig.name + " has: " + names(sig.outputs));
  return result;
}

std::shared_ptr<Model> Model::prune(const py::object &outputs,
                                    const py::object &inputs,
                                    bool keepUnusedInputs) const {
  std::vector<std::string> kept = outputNames(outputs, "prune");
  // Inner values as new inputs: the pass checks the names (unknown ones
  // are an mcg.Error listing the nearest).
  std::vector<std::string> cuts;
  if (!inputs.is_none()) {
    if (!py::isinstance<py::list>(inputs) && !py::isinstance<py::tuple>(inputs))
      throw py::value_error("prune: inputs= expects a list of value names, "
                            "got " +
                            py::repr(inputs).cast<std::string>());
    for (py::handle item : inputs.cast<py::sequence>()) {
      if (!py::isinstance<py::str>(item))
        throw py::value_error("prune: inputs= names are str, got " +
                              py::repr(item).cast<std::string>());
      cuts.push_back(item.cast<std::string>());
    }
  }
  return transform([&](PassManager &pm) {
    cgraph::PruneToOptions options;
    options.outputs.assign(kept.begin(), kept.end());
    options.inputs.assign(cuts.begin(), cuts.end());
    options.keepUnusedInputs = keepUnusedInputs;
    pm.addPass(cgraph::createPruneTo(options));
  });
}

std::shared_ptr<Model> Model::foldConstants() const {
  return transform([](PassManager &pm) {
    pm.addNestedPass<cgraph::GraphOp>(cgraph::createFoldConstants());
  });
}

std::shared_ptr<Model> Model::fuse() const {
  return transform([](PassManager &pm) {
    pm.addNestedPass<cgraph::GraphOp>(cgraph::createFuse());
  });
}

py::dict Model::report(const py::object &outputs) const {
  std::vector<std::string> kept;
  if (outputs.is_none())
    for (const TensorSpec &t : sig.outputs)
      kept.push_back(t.name);
  else
    kept = outputNames(outputs, "report");
  llvm::SmallString<128> path;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("mcg-report", "json", path))
    throw Error("cannot create a temporary file: " + ec.message());
  llvm::FileRemover remove(path);
  std::string json;
  auto [ok, diagnostics] = withSession(*session, [&] {
    OwningOpRef<ModuleOp> copy = cloneModule();
    PassManager pm(&session->context);
    cgraph::PruneToOptions options;
    options.outputs.assign(kept.begin(), kept.end());
    options.reportFile = path.str().str();
    pm.addPass(cgraph::createPruneTo(options));
    if (failed(pm.run(*copy)))
      return false;
    auto buffer = llvm::MemoryBuffer::getFile(path);
    if (!buffer) {
      emitError(copy->getLoc())
          << "cannot read the report: " << buffer.getError().message();
      return false;
    }
    json = (*buffer)->getBuffer().str();
    return true;
  });
  if (!ok)
    raise(diagnostics, "the report failed");
  warnDiagnostics(diagnostics);
  return py::module_::import("json").attr("loads")(json).cast<py::dict>();
}

std::string Model::str() const {
  std::string text;
  withSession(*session, [&] {
    llvm::raw_string_ostream os(text);
    ModuleOp op = module.get();
    op.print(os);
    os << "\n";
    return true;
  });
  return text;
}

std::string Model::repr() const {
  return "<mcg.Model @" + sig.name + ": inputs " + names(sig.inputs) +
         "; outputs " + names(sig.outputs) + ">";
}

/// Writes `text` to `path`, or raises OSError.
static void writeFile(const std::string &path, llvm::StringRef text) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (!ec) {
    os << text;
    os.close();
    ec = os.error();
  }
  if (ec) {
    PyErr_SetString(PyExc_OSError,
                    ("cannot write '" + path + "': " + ec.message()).c_str());
    throw py::error_already_set();
  }
}

void Model::save(const py::object &pathArg) const {
  std::string path = pathArgument(pathArg);
  if (!llvm::StringRef(path).ends_with(".mlir"))
    throw py::value_error("save writes MLIR text to a .mlir file, got '" +
                          path + "' (export_onnx writes .onnx)");
  writeFile(path, str());
}

void Model::exportONNX(const py::object &pathArg) const {
  std::string path = pathArgument(pathArg);
  if (!llvm::StringRef(path).ends_with(".onnx"))
    throw py::value_error("export_onnx writes a .onnx file, got '" + path +
                          "' (save writes .mlir)");
  std::string bytes;
  auto [ok, diagnostics] = withSession(*session, [&] {
    llvm::raw_string_ostream os(bytes);
    return succeeded(mcg::exportONNX(module.get(), os));
  });
  if (!ok)
    raise(diagnostics, "ONNX export failed");
  warnDiagnostics(diagnostics);
  writeFile(path, bytes);
}

py::object Model::compile(unsigned threads, const std::string &mcpu) const {
  checkThreads(threads);
  JitOptions options;
  options.threads = threads;
  options.mcpu = mcpu;
  llvm::Expected<std::unique_ptr<JitGraph>> jit(nullptr);
  auto [ok, diagnostics] = withSession(*session, [&] {
    OwningOpRef<ModuleOp> copy = cloneModule();
    jit = JitGraph::create(*copy, options);
    return static_cast<bool>(jit);
  });
  if (!ok)
    raise(jit.takeError(), diagnostics, "compilation failed");
  warnDiagnostics(diagnostics);
  return py::cast(
      std::make_shared<Function>(shared_from_this(), options, std::move(*jit)));
}

py::dict Model::compileLibrary(const py::object &pathArg, unsigned threads,
                               const std::string &mcpu) const {
  std::string path = pathArgument(pathArg);
  checkThreads(threads);
  std::string dir, name;
  if (!splitLibraryPath(path, dir, name))
    throw py::value_error("compile_library expects DIR/NAME (writes "
                          "DIR/libNAME.so and DIR/NAME.h), got '" +
                          path + "'");
  LibraryOptions options;
  options.threads = threads;
  options.mcpu = mcpu;
  options.provenance = "the mcg Python package from graph @" + sig.name +
                       " (outputs " + names(sig.outputs) + ")";
  llvm::Expected<LibraryFiles> files = LibraryFiles();
  auto [ok, diagnostics] = withSession(*session, [&] {
    OwningOpRef<ModuleOp> copy = cloneModule();
    DefaultTimingManager timing;
    TimingScope root = timing.getRootScope();
    files = mcg::compileLibrary(*copy, dir, name, options, root);
    return static_cast<bool>(files);
  });
  if (!ok)
    raise(files.takeError(), diagnostics, "building the library failed");
  warnDiagnostics(diagnostics);
  py::dict result;
  result["library"] = files->library;
  result["header"] = files->header;
  return result;
}

} // namespace mcg::python
