//===- Inputs.h - NAME=FILE flags and input files of the tools --*- C++ -*-===//
//
// What mcg-run and mcg-check share to read their `--input NAME=FILE.npy`
// (and similar) flags and the arrays they name.
//
//===----------------------------------------------------------------------===//

#ifndef MCG_TOOLS_INPUTS_H
#define MCG_TOOLS_INPUTS_H

#include "mcg/Tools/Model.h"
#include "mcg/Tools/Npy.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mcg {

/// Splits the NAME=VALUE items of `--flag`, rejecting malformed items and
/// names given twice (`value` names the right-hand side in the message).
llvm::Expected<llvm::StringMap<std::string>>
parseNamePairs(llvm::ArrayRef<std::string> items, llvm::StringRef flag,
               llvm::StringRef value = "FILE");

/// "x, y": the names of `specs`, for messages.
std::string joinNames(const std::vector<TensorSpec> &specs);

/// Reads the .npy file given for input `spec`; an error unless its shape
/// and dtype are the input's.
llvm::Expected<NpyArray> readInputArray(const TensorSpec &spec,
                                        llvm::StringRef path);

} // namespace mcg

#endif // MCG_TOOLS_INPUTS_H
