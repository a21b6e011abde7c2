# -*- Python -*-
# lit configuration of the mcg regression tests (check-mcg).

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "MCG"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mcg_obj_root, "test")
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "lit.site.cfg.py",
                   "Inputs", "check_cone.py", "replay_pipeline.py"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%mcg_src", config.mcg_src_root))
config.substitutions.append(("%mcg_obj", config.mcg_obj_root))
config.substitutions.append(
    ("%cgraph_plugin", os.path.join(config.mcg_lib_dir, "CGraphPlugin.so")))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%llvm_tools", config.llvm_tools_dir))
config.substitutions.append(("%cmake", config.cmake_command))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP",
                                     "ASAN_OPTIONS", "UBSAN_OPTIONS"])
if config.mcg_python:
    config.available_features.add("mcg-python")
# mcg-compile starts over with glibc's malloc asking for transparent huge
# pages for a large model (lib/Tools/HugePages.cpp): not with the
# sanitizers' allocator, nor on a kernel without them.
_thp = "/sys/kernel/mm/transparent_hugepage/enabled"
if not config.mcg_sanitize and os.path.exists(_thp) and "[never]" not in open(_thp).read():
    config.available_features.add("huge-pages")
if config.mcg_sanitize:
    # For scripts that run the stock mlir-opt with the instrumented plugin.
    config.environment["MCG_STOCK_PRELOAD"] = config.asan_runtime
llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.mcg_tools_dir, config.llvm_tools_dir]
tools = [
    "mcg-opt",
    "mcg-run",
    "mcg-check",
    "mcg-compile",
    "mcg-translate",
    "mcg-viz",
    # Debian's stock mlir-opt, which loads the plugin (with the sanitizer
    # runtime preloaded when the plugin is instrumented).
    ToolSubst("stock-mlir-opt",
              ("env LD_PRELOAD=" + config.asan_runtime + " "
               if config.mcg_sanitize else "") +
              os.path.join(config.llvm_tools_dir, "mlir-opt")),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)
