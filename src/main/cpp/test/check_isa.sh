#!/bin/bash
# Fails if a library uses AVX registers (ymm/zmm) outside the functions allowed to, i.e. outside
# kernels compiled for AVX2 and reached only after the CPU check: the binary runs on any x86-64.
#   check_isa.sh <library> [function-name regex allowed to use AVX]
# $OBJDUMP names another disassembler with objdump's options and output (llvm-objdump for Mach-O).
set -euo pipefail
"${OBJDUMP:-objdump}" -d --no-show-raw-insn "$1" | awk -v allowed="${2:-^$}" '
    /^[0-9a-f]+ <.*>:$/ { function_name = $2 }
    /%[yz]mm[0-9]/ && function_name !~ allowed { print "AVX in " function_name ": " $0; bad = 1 }
    END { exit bad }'
echo "$1: no AVX outside ${2:-nothing}"
