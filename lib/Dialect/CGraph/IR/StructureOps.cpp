//===- StructureOps.cpp - graph, output, yield, fused, constant ----------===//
//
// Custom syntax and verification of the ops that structure a cgraph program.
//
//===----------------------------------------------------------------------===//

#include "mcg/Dialect/CGraph/IR/CGraph.h"
#include "mcg/Dialect/CGraph/IR/TensorSize.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mcg::cgraph;

//===----------------------------------------------------------------------===//
// GraphOp
//===----------------------------------------------------------------------===//

void GraphOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                    FunctionType type, ArrayRef<StringRef> inputNames,
                    ArrayRef<StringRef> outputNames) {
  state.addAttribute(getSymNameAttrName(state.name),
                     builder.getStringAttr(name));
  state.addAttribute(getFunctionTypeAttrName(state.name), TypeAttr::get(type));
  state.addAttribute(getInputNamesAttrName(state.name),
                     builder.getStrArrayAttr(inputNames));
  state.addAttribute(getOutputNamesAttrName(state.name),
                     builder.getStrArrayAttr(outputNames));
  Region *body = state.addRegion();
  Block *entry = new Block();
  body->push_back(entry);
  for (Type t : type.getInputs())
    entry->addArgument(t, state.location);
}

OutputOp GraphOp::getOutputOp() {
  return cast<OutputOp>(getBody().front().getTerminator());
}

StringRef GraphOp::getInputName(unsigned i) {
  return cast<StringAttr>(getInputNames()[i]).getValue();
}

StringRef GraphOp::getOutputName(unsigned i) {
  return cast<StringAttr>(getOutputNames()[i]).getValue();
}

static std::optional<unsigned> lookupName(ArrayAttr names, StringRef name) {
  for (auto [i, attr] : llvm::enumerate(names))
    if (cast<StringAttr>(attr).getValue() == name)
      return i;
  return std::nullopt;
}

std::optional<unsigned> GraphOp::lookupOutput(StringRef name) {
  return lookupName(getOutputNames(), name);
}

std::optional<unsigned> GraphOp::lookupInput(StringRef name) {
  return lookupName(getInputNames(), name);
}

void GraphOp::getAsmBlockArgumentNames(Region &region,
                                       OpAsmSetValueNameFn setNameFn) {
  if (&region != &getBody() || region.empty())
    return;
  ArrayAttr names = getInputNames();
  for (BlockArgument arg : region.front().getArguments())
    if (arg.getArgNumber() < names.size())
      setNameFn(arg, cast<StringAttr>(names[arg.getArgNumber()]).getValue());
}

/// Parses `as "name"`.
static ParseResult parseName(OpAsmParser &parser,
                             SmallVectorImpl<Attribute> &names) {
  std::string name;
  if (parser.parseKeyword("as") || parser.parseString(&name))
    return failure();
  names.push_back(parser.getBuilder().getStringAttr(name));
  return success();
}

ParseResult GraphOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &builder = parser.getBuilder();
  StringAttr visibility;
  if (succeeded(parser.parseOptionalKeyword("private")))
    visibility = builder.getStringAttr("private");
  else if (succeeded(parser.parseOptionalKeyword("nested")))
    visibility = builder.getStringAttr("nested");
  else if (succeeded(parser.parseOptionalKeyword("public")))
    visibility = builder.getStringAttr("public");
  if (visibility)
    result.addAttribute(getSymVisibilityAttrName(result.name), visibility);

  StringAttr symName;
  if (parser.parseSymbolName(symName, getSymNameAttrName(result.name),
                             result.attributes))
    return failure();

  // Inputs: `%ssa: type {attrs}? loc(...)? as "name"`.
  SmallVector<OpAsmParser::Argument> args;
  SmallVector<Attribute> inputNames;
  if (parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
            OpAsmParser::Argument arg;
            if (parser.parseArgument(arg, /*allowType=*/true,
                                     /*allowAttrs=*/true) ||
                parseName(parser, inputNames))
              return failure();
            args.push_back(arg);
            return success();
          }))
    return failure();

  // Results: `-> (type {attrs}? as "name", ...)`.
  SmallVector<Type> resultTypes;
  SmallVector<DictionaryAttr> resultAttrs;
  SmallVector<Attribute> outputNames;
  if (parser.parseArrow() ||
      parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
            Type type;
            NamedAttrList attrs;
            if (parser.parseType(type) || parser.parseOptionalAttrDict(attrs) ||
                parseName(parser, outputNames))
              return failure();
            resultTypes.push_back(type);
            resultAttrs.push_back(attrs.getDictionary(builder.getContext()));
            return success();
          }))
    return failure();

  SmallVector<Type> argTypes;
  for (auto &arg : args)
    argTypes.push_back(arg.type);
  result.addAttribute(
      getFunctionTypeAttrName(result.name),
      TypeAttr::get(builder.getFunctionType(argTypes, resultTypes)));
  result.addAttribute(getInputNamesAttrName(result.name),
                      builder.getArrayAttr(inputNames));
  result.addAttribute(getOutputNamesAttrName(result.name),
                      builder.getArrayAttr(outputNames));
  call_interface_impl::addArgAndResultAttrs(builder, result, args, resultAttrs,
                                            getArgAttrsAttrName(result.name),
                                            getResAttrsAttrName(result.name));

  if (parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  Region *body = result.addRegion();
  return parser.parseRegion(*body, args, /*enableNameShadowing=*/false);
}

void GraphOp::print(OpAsmPrinter &p) {
  p << ' ';
  if (std::optional<StringRef> vis = getSymVisibility())
    p << *vis << ' ';
  p.printSymbolName(getSymName());
  p << '(';
  Block &entry = getBody().front();
  for (auto [i, arg] : llvm::enumerate(entry.getArguments())) {
    if (i)
      p << ", ";
    DictionaryAttr attrs = getArgAttrDict(i);
    p.printRegionArgument(arg, attrs ? attrs.getValue()
                                     : ArrayRef<NamedAttribute>());
    p << " as ";
    p.printString(getInputName(i));
  }
  p << ") -> (";
  for (auto [i, type] : llvm::enumerate(getResultTypes())) {
    if (i)
      p << ", ";
    p << type;
    if (DictionaryAttr attrs = getResultAttrDict(i))
      p.printOptionalAttrDict(attrs.getValue());
    p << " as ";
    p.printString(getOutputName(i));
  }
  p << ')';
  p.printOptionalAttrDictWithKeyword(
      (*this)->getDiscardableAttrDictionary().getValue());
  p << ' ';
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false,
                /*printBlockTerminators=*/true);
}

/// Checks that `names` has `expected` entries, none empty, none repeated.
static LogicalResult verifyNames(GraphOp op, ArrayAttr names, unsigned expected,
                                 StringRef what) {
  if (names.size() != expected)
    return op.emitOpError() << "has " << expected << " " << what << "s but "
                            << names.size() << " " << what << " names";
  llvm::StringSet<> seen;
  for (auto [i, attr] : llvm::enumerate(names)) {
    StringRef name = cast<StringAttr>(attr).getValue();
    if (name.empty())
      return op.emitOpError() << what << " #" << i << " has an empty name";
    if (!seen.insert(name).second)
      return op.emitOpError()
             << what << " name '" << name << "' is used more than once";
  }
  return success();
}

StringRef GraphOp::getDimParam(ArrayAttr params, int64_t d) {
  if (!params || d < 0 || d >= static_cast<int64_t>(params.size()))
    return {};
  auto name = dyn_cast<StringAttr>(params[d]);
  return name ? name.getValue() : StringRef();
}

/// `cgraph.dim_params` on an input or output: one string per dimension of
/// its ranked tensor type, non-empty only on dynamic dimensions.
static LogicalResult verifyDimParams(GraphOp op, const std::string &what,
                                     Type type, DictionaryAttr attrs) {
  Attribute attr = attrs ? attrs.get(GraphOp::kDimParamsAttrName) : Attribute();
  if (!attr)
    return success();
  auto names = dyn_cast<ArrayAttr>(attr);
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!names || !ranked ||
      names.size() != static_cast<size_t>(ranked.getRank()) ||
      !llvm::all_of(names, [](Attribute a) { return isa<StringAttr>(a); }))
    return op.emitOpError()
           << what << ": '" << GraphOp::kDimParamsAttrName
           << "' must be an array of one string per dimension of " << type;
  for (auto [d, name] : llvm::enumerate(names))
    if (!cast<StringAttr>(name).getValue().empty() && !ranked.isDynamicDim(d))
      return op.emitOpError()
             << what << ": '" << GraphOp::kDimParamsAttrName << "' names "
             << "static dimension " << d << " of " << type;
  return success();
}

LogicalResult GraphOp::verify() {
  if (failed(verifyNames(*this, getInputNames(), getNumArguments(), "input")) ||
      failed(verifyNames(*this, getOutputNames(), getNumResults(), "output")))
    return failure();
  // Checked here, before the ops of the body are verified, so that their
  // shape inference only ever sees tensors within the limit.
  for (auto [i, type] : llvm::enumerate(getArgumentTypes()))
    if (failed(verifyTensorSize(*this, "input '" + getInputName(i).str() + "'",
                                type)))
      return failure();
  for (auto [i, type] : llvm::enumerate(getResultTypes()))
    if (failed(verifyTensorSize(
            *this, "output '" + getOutputName(i).str() + "'", type)))
      return failure();
  for (auto [i, type] : llvm::enumerate(getArgumentTypes()))
    if (failed(verifyDimParams(*this, "input '" + getInputName(i).str() + "'",
                               type, getArgAttrDict(i))))
      return failure();
  for (auto [i, type] : llvm::enumerate(getResultTypes()))
    if (failed(verifyDimParams(*this, "output '" + getOutputName(i).str() + "'",
                               type, getResultAttrDict(i))))
      return failure();
  return success();
}

LogicalResult GraphOp::verifyRegions() {
  Block &entry = getBody().front();
  auto output = dyn_cast<OutputOp>(entry.getTerminator());
  if (!output)
    return emitOpError() << "body must end with 'cgraph.output'";
  ArrayRef<Type> results = getResultTypes();
  if (output.getNumOperands() != results.size())
    return output.emitOpError()
           << "has " << output.getNumOperands()
           << " operands but the graph has " << results.size() << " outputs";
  for (auto [i, value] : llvm::enumerate(output.getOperands()))
    if (value.getType() != results[i])
      return output.emitOpError()
             << "operand #" << i << " (output '" << getOutputName(i)
             << "') has type " << value.getType() << " but the graph declares "
             << results[i];
  return success();
}

//===----------------------------------------------------------------------===//
// FusedOp
//===----------------------------------------------------------------------===//

LogicalResult FusedOp::verifyRegions() {
  Block &body = getBody().front();
  if (body.getArgumentTypes() != getInputs().getTypes())
    return emitOpError() << "region arguments (" << body.getArgumentTypes()
                         << ") do not match the inputs ("
                         << getInputs().getTypes() << ")";
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield)
    return emitOpError() << "region must end with 'cgraph.yield'";
  if (yield.getOperandTypes() != getResultTypes())
    return yield.emitOpError() << "yields (" << yield.getOperandTypes()
                               << ") but the enclosing 'cgraph.fused' returns ("
                               << getResultTypes() << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

LogicalResult ConstantOp::verify() {
  if (failed(verifyTensorSize(*this, "value", getType())))
    return failure();
  // A blob that does not hold exactly the type's bytes would be read past
  // its end by the evaluators and by the generated code.
  auto resource = dyn_cast<DenseResourceElementsAttr>(getValue());
  auto type = cast<ShapedType>(getType());
  if (!resource || !type.hasStaticShape() ||
      !type.getElementType().isIntOrFloat())
    return success();
  AsmResourceBlob *blob = resource.getRawHandle().getBlob();
  if (!blob)
    return success();
  int64_t expected = getPayloadBytes();
  if (static_cast<int64_t>(blob->getData().size()) != expected)
    return emitOpError() << "dense_resource blob '"
                         << resource.getRawHandle().getKey() << "' holds "
                         << blob->getData().size() << " bytes but its type "
                         << type << " needs " << expected;
  return success();
}

int64_t ConstantOp::getPayloadBytes() {
  auto type = cast<ShapedType>(getType());
  if (!type.hasStaticShape())
    return 0;
  int64_t bits = type.getElementTypeBitWidth();
  return type.getNumElements() * ((bits + 7) / 8);
}
