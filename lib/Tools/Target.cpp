//===- Target.cpp - the CPU that mcg-run and mcg-compile generate code for ===//

#include "mcg/Tools/Target.h"

#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/CodeGen/TargetLowering.h"
#include "llvm/CodeGen/TargetSubtargetInfo.h"
#include "llvm/CodeGenTypes/MachineValueType.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace llvm;

namespace mcg {

static Error error(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

static Expected<const Target *> lookup(StringRef triple) {
  std::string message;
  const Target *target = TargetRegistry::lookupTarget(Triple(triple), message);
  if (!target)
    return error("no target for " + triple + ": " + message);
  return target;
}

Expected<TargetCPU> resolveTargetCPU(StringRef cpu) {
  TargetCPU result;
  result.triple = sys::getDefaultTargetTriple();
  if (cpu.empty()) {
    result.cpu = sys::getHostCPUName().str();
    SubtargetFeatures features;
    for (auto &feature : sys::getHostCPUFeatures())
      features.AddFeature(feature.first(), feature.second);
    result.features = features.getString();
    return result;
  }
  Expected<const Target *> target = lookup(result.triple);
  if (!target)
    return target.takeError();
  // A generic subtarget knows every CPU name (asking for an unknown one
  // directly makes LLVM print a warning of its own).
  std::unique_ptr<MCSubtargetInfo> info((*target)->createMCSubtargetInfo(
      Triple(result.triple), /*CPU=*/"", /*Features=*/""));
  if (!info || !info->isCPUStringValid(cpu))
    return error("unknown CPU '" + cpu + "' for " + result.triple +
                 " (`llc -mcpu=help` lists the known ones)");
  result.cpu = cpu.str();
  return result;
}

std::vector<std::string> featuresMissingOnHost(const TargetCPU &target) {
  std::vector<std::string> missing;
  Expected<const Target *> llvmTarget = lookup(target.triple);
  if (!llvmTarget) {
    consumeError(llvmTarget.takeError());
    return missing;
  }
  std::unique_ptr<MCSubtargetInfo> info(
      (*llvmTarget)
          ->createMCSubtargetInfo(Triple(target.triple), target.cpu,
                                  target.features));
  // Only instruction-set extensions that code generation uses on its own
  // (vector, bit-manipulation, ...); system features such as mwaitx or pku,
  // often hidden from virtual machines, never appear in generated code.
  static constexpr StringLiteral kGenerated[] = {
      "sse",   "ssse3",  "avx",   "fma",  "f16c", "bmi",
      "lzcnt", "popcnt", "movbe", "cx16", "xop",  "evex512"};
  for (auto &feature : sys::getHostCPUFeatures()) {
    StringRef name = feature.first();
    if (!feature.second &&
        llvm::any_of(
            kGenerated,
            [&](StringRef prefix) { return name.starts_with(prefix); }) &&
        info->checkFeatures("+" + name.str()))
      missing.push_back(name.str());
  }
  llvm::sort(missing);
  return missing;
}

Expected<std::unique_ptr<TargetMachine>>
createTargetMachine(const TargetCPU &target, Reloc::Model reloc) {
  Expected<const Target *> llvmTarget = lookup(target.triple);
  if (!llvmTarget)
    return llvmTarget.takeError();
  std::unique_ptr<TargetMachine> machine(
      (*llvmTarget)
          ->createTargetMachine(Triple(target.triple), target.cpu,
                                target.features, TargetOptions(), reloc,
                                std::nullopt, CodeGenOptLevel::Aggressive));
  if (!machine)
    return error("cannot create a target machine for " + target.cpu);
  return machine;
}

CodegenOptions codegenOptionsFor(TargetMachine &machine, unsigned threads) {
  // Subtarget queries take a function: an empty one in a scratch module.
  LLVMContext context;
  Module module("probe", context);
  module.setDataLayout(machine.createDataLayout());
  Function *probe = Function::Create(
      FunctionType::get(Type::getVoidTy(context), /*isVarArg=*/false),
      GlobalValue::ExternalLinkage, "probe", module);
  int64_t lanes = 1;
  if (const TargetSubtargetInfo *subtarget = machine.getSubtargetImpl(*probe))
    if (const TargetLowering *lowering = subtarget->getTargetLowering())
      for (MVT type : {MVT::v16f32, MVT::v8f32, MVT::v4f32})
        if (lowering->isTypeLegal(type)) {
          lanes = type.getVectorNumElements();
          break;
        }
  TargetTransformInfo info = machine.getTargetTransformInfo(*probe);
  unsigned registers =
      info.getNumberOfRegisters(info.getRegisterClassForType(/*Vector=*/true));
  CodegenOptions options;
  // Fused multiply-add: on x86, the FMA3 feature (AVX2-era CPUs and every
  // AVX-512 one); other targets are taken to have it (AArch64 always
  // does).
  const MCSubtargetInfo *mc = machine.getMCSubtargetInfo();
  options.fusedMultiplyAdd =
      !machine.getTargetTriple().isX86() ||
      (mc && (mc->checkFeatures("+fma") || mc->checkFeatures("+avx512f")));
  options.threads = threads;
  options.nTile = 2 * lanes;
  options.mTile = std::max<int64_t>(1, registers / 4);
  options.kTile = 8;
  options.lanes = lanes;
  return options;
}

} // namespace mcg
