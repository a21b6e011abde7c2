//===- PyModel.h - the C++ side of the mcg Python package -------*- C++ -*-===//
//
// The objects the Python module `mcg._mcg` wraps: a Model (one graph in an
// MLIR context shared with the models derived from it) and a Function (a
// model JIT-compiled in this process). They run mcg's own C++ code
// (lib/Tools): the passes, the JIT and the library builder the tools use.
//
// MLIR's diagnostics become Python exceptions (mcg.Error) carrying the
// diagnostics' text with their locations; warnings and remarks of an
// operation that succeeded become Python warnings (mcg.Warning).
//
//===----------------------------------------------------------------------===//

#ifndef MCG_PYTHON_PYMODEL_H
#define MCG_PYTHON_PYMODEL_H

#include "mcg/Tools/Jit.h"
#include "mcg/Tools/Model.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/SourceMgr.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace mcg::python {

/// One diagnostic: its severity ("error", "warning", "remark", "note"),
/// its location as a user names it (the op's source name, such as an ONNX
/// node's, or file:line:col) and its message.
struct DiagnosticRecord {
  std::string severity, location, message;
};

/// What an operation reported: the text as the tools print it, and each
/// diagnostic (notes after the diagnostic they belong to).
struct Diagnostics {
  std::string text;
  std::vector<DiagnosticRecord> records;
};

/// What mcg.Error is raised from: the diagnostics of a failed operation
/// (its message is their text; its `diagnostics` attribute the records).
class Error : public std::runtime_error {
public:
  explicit Error(const std::string &message,
                 std::vector<DiagnosticRecord> records = {})
      : std::runtime_error(message), records(std::move(records)) {}
  std::vector<DiagnosticRecord> records;
};

/// The MLIR context of a loaded model and of every model derived from it,
/// with the source of a .mlir model (for diagnostics that quote it). One
/// operation at a time uses it (`mutex`), with the GIL released.
struct Session {
  Session();
  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  std::mutex mutex;
};

/// A model: one cgraph.graph. Every transformation returns a new Model;
/// this one never changes.
class Model : public std::enable_shared_from_this<Model> {
public:
  Model(std::shared_ptr<Session> session,
        mlir::OwningOpRef<mlir::ModuleOp> module, GraphSignature sig);
  ~Model();

  /// mcg.load: a .mlir or .onnx file (with the ONNX importer's
  /// input_shapes / dims) in a new session.
  static std::shared_ptr<Model> load(const pybind11::object &path,
                                     const pybind11::object &inputShapes,
                                     const pybind11::object &dims);

  /// Lists of mcg.Tensor(name, shape, dtype).
  pybind11::list inputs() const;
  pybind11::list outputs() const;
  /// The graph passes, each on a copy: prune-to, fold-constants, fuse.
  std::shared_ptr<Model> prune(const pybind11::object &outputs,
                               const pybind11::object &inputs,
                               bool keepUnusedInputs) const;
  std::shared_ptr<Model> foldConstants() const;
  std::shared_ptr<Model> fuse() const;
  /// prune-to's JSON report for `outputs` (None: all), parsed by Python's
  /// json module.
  pybind11::dict report(const pybind11::object &outputs) const;
  /// The MLIR text, as mcg-opt prints it.
  std::string str() const;
  std::string repr() const;
  void save(const pybind11::object &path) const;
  void exportONNX(const pybind11::object &path) const;
  /// A Function (JitGraph over a copy of the module).
  pybind11::object compile(unsigned threads, const std::string &mcpu) const;
  /// compileLibrary (lib/Tools/Library.h) on a copy; {"library", "header"}.
  pybind11::dict compileLibrary(const pybind11::object &path, unsigned threads,
                                const std::string &mcpu) const;

  const GraphSignature &signature() const { return sig; }
  /// A copy of the module in the same context (the caller holds the lock).
  mlir::OwningOpRef<mlir::ModuleOp> cloneModule() const;
  const std::shared_ptr<Session> &getSession() const { return session; }

private:
  /// Runs `passes` on a copy of the module (the GIL released) and wraps
  /// the result.
  std::shared_ptr<Model>
  transform(const std::function<void(mlir::PassManager &)> &passes) const;
  /// The names of `outputs` (a list or tuple of output names), checked
  /// against the graph's outputs; `what` names the call for messages.
  std::vector<std::string> outputNames(const pybind11::object &outputs,
                                       const char *what) const;

  // Declared first, destroyed last: the module lives in its context.
  std::shared_ptr<Session> session;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  GraphSignature sig;
};

/// A model compiled in memory. Calls release the GIL and may run from
/// several threads at once.
class Function {
public:
  Function(std::shared_ptr<const Model> model, JitOptions options,
           std::unique_ptr<JitGraph> jit);
  ~Function();

  /// One run: {output name: fresh array}.
  pybind11::dict call(const pybind11::args &args,
                      const pybind11::kwargs &kwargs) const;
  /// Times runs (timeRuns): median, min, max.
  pybind11::dict benchmark(const pybind11::object &inputs, unsigned repeat,
                           unsigned warmup) const;
  /// Times each kernel call of a profiled build of the model, compiled by
  /// the first call.
  pybind11::dict profile(const pybind11::object &inputs, unsigned repeat,
                         unsigned warmup);
  pybind11::list inputs() const { return model->inputs(); }
  pybind11::list outputs() const { return model->outputs(); }
  unsigned threads() const { return options.threads; }
  const std::string &cpu() const { return jit->cpu(); }
  std::string repr() const;

private:
  /// The inputs of a call, checked: one contiguous array per graph input.
  std::vector<pybind11::array>
  checkedInputs(const pybind11::args &args,
                const pybind11::kwargs &kwargs) const;
  /// `inputs` of benchmark / profile (None: generated, as mcg-run
  /// --random-inputs draws them with seed 0; a dict; a list or tuple).
  std::vector<pybind11::array> benchmarkInputs(const pybind11::object &inputs,
                                               const char *what) const;
  /// Fresh output arrays and the pointers of inputs then outputs.
  std::vector<pybind11::array>
  prepare(const std::vector<pybind11::array> &inputs,
          std::vector<void *> &buffers) const;

  std::shared_ptr<const Model> model;
  JitOptions options;
  std::unique_ptr<JitGraph> jit;
  /// The same graph compiled with per-kernel timing, built by the first
  /// profile().
  std::unique_ptr<JitGraph> profiled;
};

/// Collects the diagnostics of one operation on a session's context (with
/// the session locked) as the tools print them.
class DiagnosticCapture {
public:
  explicit DiagnosticCapture(Session &session);
  ~DiagnosticCapture();
  /// Everything reported so far.
  Diagnostics take();

private:
  std::string buffer;
  std::vector<DiagnosticRecord> records;
  std::unique_ptr<llvm::raw_string_ostream> os;
  /// Prints as the tools do; `recorder`, registered after it and so asked
  /// first, records each diagnostic and passes it on.
  std::unique_ptr<mlir::SourceMgrDiagnosticHandler> printer;
  std::unique_ptr<mlir::ScopedDiagnosticHandler> recorder;
};

/// Raises mcg.Warning with the text if there is any (GIL held).
void warnDiagnostics(const Diagnostics &diagnostics);

/// Raises mcg.Error with the diagnostics, or with `fallback` if there are
/// none.
[[noreturn]] void raise(const Diagnostics &diagnostics,
                        const std::string &fallback);

/// Raises mcg.Error for an error from lib/Tools: the diagnostics if it is a
/// DiagnosedError, else its message.
[[noreturn]] void raise(llvm::Error error, const Diagnostics &diagnostics,
                        const std::string &fallback);

/// A path argument (str or os.PathLike) as a string, or a ValueError.
std::string pathArgument(const pybind11::object &path);

/// numpy's dtype for a .npy type string ("f4" -> float32).
pybind11::dtype dtypeOf(const std::string &npy);

/// The type of Model.inputs' entries (a namedtuple: name, shape, dtype).
extern pybind11::handle tensorType;

/// "(1, 3, 64, 64)".
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace mcg::python

#endif // MCG_PYTHON_PYMODEL_H
