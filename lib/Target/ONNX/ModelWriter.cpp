//===- ModelWriter.cpp - ONNX model serialization with weights ------------===//
//
// Writes an exported model without ever holding its weights twice: the
// model and graph are serialized without the weights, and each inline
// weight is streamed from where its bytes are (the imported model's
// raw_data, a mapped data file, a folded constant) as one more
// `initializer` entry of the graph field; protobuf's encoding lets the
// fields of a message come in any order, so the result parses as one
// ModelProto. A weight that stays in its data file is written as a
// reference to the same file and offset; with a new data file, the kept
// weights are copied there and referenced.
//
//===----------------------------------------------------------------------===//

#include "ModelWriter.h"

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Target/ONNX/ExternalData.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

namespace mcg {

/// Offsets of weights in a new data file are multiples of this, so that
/// mcg (and numpy) can use them in place when they read the file back.
constexpr uint64_t kDataAlignment = 16;

static void putVarint(llvm::raw_ostream &os, uint64_t v) {
  for (; v >= 0x80; v >>= 7)
    os << static_cast<char>((v & 0x7f) | 0x80);
  os << static_cast<char>(v);
}

static uint64_t varintSize(uint64_t v) {
  uint64_t n = 1;
  for (; v >= 0x80; v >>= 7)
    ++n;
  return n;
}

/// The tag of length-delimited field `field` (one byte for fields < 16).
static void putTag(llvm::raw_ostream &os, int field) {
  putVarint(os, static_cast<uint64_t>(field) << 3 | 2);
}

/// The default-domain opset the exported forms need: 13 (ReduceSum's axes,
/// Softmax's semantics), 17 with LayerNormalization.
static int64_t neededOpset(ModuleOp module) {
  bool layerNorm = false;
  module.walk([&](cgraph::LayerNormOp) { layerNorm = true; });
  return layerNorm ? 17 : 13;
}

/// The `[first, second]` pairs of field `name` of the module's `onnx.model`
/// (`first` a string, `second` a string or an integer), or an error.
template <typename Second>
static FailureOr<SmallVector<std::pair<StringRef, Second>>>
pairs(ModuleOp module, DictionaryAttr id, StringRef name) {
  SmallVector<std::pair<StringRef, Second>> result;
  Attribute field = id.get(name);
  if (!field)
    return result;
  auto array = dyn_cast<ArrayAttr>(field);
  for (Attribute entry : array ? array.getValue() : ArrayRef<Attribute>()) {
    auto pair = dyn_cast<ArrayAttr>(entry);
    if (!pair || pair.size() != 2 || !isa<StringAttr>(pair[0]) ||
        !isa<Second>(pair[1]))
      return module.emitError()
             << "ONNX export: 'onnx.model' field '" << name
             << "' must be an array of [string, "
             << (std::is_same_v<Second, StringAttr> ? "string" : "integer")
             << "] pairs, not " << field;
    result.push_back(
        {cast<StringAttr>(pair[0]).getValue(), cast<Second>(pair[1])});
  }
  if (!array)
    return module.emitError() << "ONNX export: 'onnx.model' field '" << name
                              << "' must be an array, not " << field;
  return result;
}

/// The model's fields from the identity the importer kept in the module
/// attribute `onnx.model` (producer, versions, doc string, opsets,
/// metadata), the default-domain opset raised where the exported forms
/// need it, and mcg's note. A module without it gets producer "mcg" and
/// opset 17.
static LogicalResult writeIdentity(ModuleOp module, onnx::ModelProto &model,
                                   StringRef note) {
  model.set_ir_version(8);
  Attribute attr = module->getAttr("onnx.model");
  auto id = dyn_cast_or_null<DictionaryAttr>(attr);
  if (attr && !id)
    return module.emitError()
           << "ONNX export: 'onnx.model' must be a dictionary, not " << attr;
  int64_t needed = id ? neededOpset(module) : 17;
  bool defaultDomain = false;
  if (!id) {
    model.set_producer_name("mcg");
  } else {
    for (NamedAttribute field : id) {
      StringRef name = field.getName().strref();
      auto str = dyn_cast<StringAttr>(field.getValue());
      auto num = dyn_cast<IntegerAttr>(field.getValue());
      if (name == "producer_name" && str)
        model.set_producer_name(str.str());
      else if (name == "producer_version" && str)
        model.set_producer_version(str.str());
      else if (name == "domain" && str)
        model.set_domain(str.str());
      else if (name == "doc_string" && str)
        model.set_doc_string(str.str());
      else if (name == "model_version" && num)
        model.set_model_version(num.getInt());
      else if (!(name == "ir_version" && num) && name != "opset_import" &&
               name != "metadata_props")
        return module.emitError()
               << "ONNX export: 'onnx.model' has an unknown or mistyped "
                  "field '"
               << name << "'";
    }
    auto opsets = pairs<IntegerAttr>(module, id, "opset_import");
    auto props = pairs<StringAttr>(module, id, "metadata_props");
    if (failed(opsets) || failed(props))
      return failure();
    for (auto [domain, version] : *opsets) {
      onnx::OperatorSetIdProto *opset = model.add_opset_import();
      opset->set_domain(domain.str());
      int64_t v = version.getInt();
      if (domain.empty() || domain == "ai.onnx") {
        defaultDomain = true;
        v = std::max(v, needed);
      }
      opset->set_version(v);
    }
    for (auto [key, value] : *props) {
      if (key == "mcg")
        continue; // The note of an earlier mcg export; replaced below.
      onnx::StringStringEntryProto *e = model.add_metadata_props();
      e->set_key(key.str());
      e->set_value(value.str());
    }
  }
  if (!defaultDomain) {
    onnx::OperatorSetIdProto *opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(needed);
  }
  onnx::StringStringEntryProto *e = model.add_metadata_props();
  e->set_key("mcg");
  e->set_value(note.str());
  return success();
}

static void setExternal(onnx::TensorProto &t, StringRef location,
                        uint64_t offset, uint64_t length) {
  t.set_data_location(onnx::TensorProto::EXTERNAL);
  auto add = [&](const char *key, const std::string &value) {
    onnx::StringStringEntryProto *e = t.add_external_data();
    e->set_key(key);
    e->set_value(value);
  };
  add("location", location.str());
  add("offset", std::to_string(offset));
  add("length", std::to_string(length));
}

/// `file`'s path relative to directory `dir` if it lies below it (both
/// resolved: symbolic links, `..`), else nothing.
static std::optional<std::string> pathBelow(StringRef dir, StringRef file) {
  SmallString<256> realDir, realFile;
  if (llvm::sys::fs::real_path(dir, realDir) ||
      llvm::sys::fs::real_path(file, realFile))
    return std::nullopt;
  StringRef rest = realFile;
  if (!rest.consume_front(realDir))
    return std::nullopt;
  if (!realDir.ends_with("/") && !rest.consume_front("/"))
    return std::nullopt;
  return rest.str();
}

LogicalResult writeModel(ModuleOp module, onnx::GraphProto &graph,
                         std::vector<Weight> &weights,
                         const ONNXExportOptions &options,
                         llvm::raw_ostream &os, StringRef path) {
  onnx::ModelProto model;
  if (failed(writeIdentity(module, model, options.note)))
    return failure();
  bool toFile = !path.empty() && path != "-";
  StringRef dir = toFile ? llvm::sys::path::parent_path(path) : "";
  if (dir.empty())
    dir = ".";
  std::vector<Weight *> inlined;
  std::unique_ptr<llvm::ToolOutputFile> dataFile;
  if (options.weights == ONNXWeights::DataFile) {
    if (!toFile)
      return module.emitError() << "ONNX export: a new data file needs the "
                                   "model written to a file, not a stream";
    std::string dataPath = (path + ".data").str();
    if (options.external && options.external->isMapped(dataPath))
      return module.emitError()
             << "ONNX export: the new data file '" << dataPath
             << "' would replace a data file the model reads its weights "
                "from; write the model under another name";
    std::error_code ec;
    dataFile = std::make_unique<llvm::ToolOutputFile>(dataPath, ec,
                                                      llvm::sys::fs::OF_None);
    if (ec)
      return module.emitError()
             << "cannot write '" << dataPath << "': " << ec.message();
    std::string location = llvm::sys::path::filename(dataPath).str();
    uint64_t offset = 0;
    for (Weight &w : weights) {
      uint64_t aligned = llvm::alignTo(offset, kDataAlignment);
      dataFile->os().write_zeros(aligned - offset);
      dataFile->os().write(w.bytes.data(), w.bytes.size());
      setExternal(w.header, location, aligned, w.bytes.size());
      offset = aligned + w.bytes.size();
      *graph.add_initializer() = std::move(w.header);
    }
  } else {
    // Keep: a weight whose bytes are in a mapped data file stays there.
    llvm::StringMap<std::optional<std::string>> locations;
    for (Weight &w : weights) {
      std::optional<ExternalDataFiles::Origin> origin;
      if (options.weights == ONNXWeights::Keep && options.external)
        origin = options.external->find(w.bytes);
      if (!origin) {
        inlined.push_back(&w);
        continue;
      }
      auto [it, inserted] = locations.try_emplace(origin->path);
      if (inserted)
        it->second = pathBelow(dir, origin->path);
      if (!it->second)
        return module.emitError()
               << "ONNX export: weight '" << w.header.name()
               << "' stays in its data file '" << origin->path
               << "', which is not below the directory of '" << path
               << "' (a data location cannot climb out of the model's "
                  "directory): write the model beside its data, or the "
                  "weights to a new data file";
      setExternal(w.header, *it->second, origin->offset, w.bytes.size());
      *graph.add_initializer() = std::move(w.header);
    }
  }

  std::string head = model.SerializeAsString();
  std::string body = graph.SerializeAsString();
  // Each inline weight: an `initializer` entry of the graph, its header
  // followed by its raw_data field.
  std::vector<std::string> headers;
  uint64_t graphBytes = body.size();
  for (Weight *w : inlined) {
    headers.push_back(w->header.SerializeAsString());
    uint64_t n = w->bytes.size();
    uint64_t entry = headers.back().size() + 1 + varintSize(n) + n;
    graphBytes += 1 + varintSize(entry) + entry;
  }
  uint64_t total = head.size() + 1 + varintSize(graphBytes) + graphBytes;
  if (total > uint64_t(INT32_MAX))
    return module.emitError()
           << "ONNX export: the model with its weights inline would be "
           << total
           << " bytes, over the 2 GiB a protobuf can hold; write the "
              "weights to a data file";
  os << head;
  putTag(os, onnx::ModelProto::kGraphFieldNumber);
  putVarint(os, graphBytes);
  os << body;
  for (auto [w, header] : llvm::zip(inlined, headers)) {
    uint64_t n = w->bytes.size();
    putTag(os, onnx::GraphProto::kInitializerFieldNumber);
    putVarint(os, header.size() + 1 + varintSize(n) + n);
    os << header;
    putTag(os, onnx::TensorProto::kRawDataFieldNumber);
    putVarint(os, n);
    os.write(w->bytes.data(), n);
  }
  if (dataFile) {
    dataFile->os().close();
    if (dataFile->os().has_error())
      return module.emitError()
             << "cannot write '" << path
             << ".data': " << dataFile->os().error().message();
    dataFile->keep();
  }
  return success();
}

} // namespace mcg
