#!/bin/bash
# Writes the notices of the MinGW-w64 and GCC runtimes that the Windows DLLs fold in (C runtime start-up
# code, winpthreads, libstdc++, libgcc): their licences want binaries to carry them. The Windows jar ships
# the file beside the DLLs (pom.xml, profile windows-mingw), as the toolchain that built the DLLs has them
# (Debian's /usr/share/doc or MSYS2's /mingw64/share/licenses). cppbuild.sh runs it for windows-x86_64.
#   bash src/main/cpp/third-party-notices.sh <output file>
set -euo pipefail
output=$1

sources=()
for file in /usr/share/doc/mingw-w64-x86-64-dev/copyright /usr/share/doc/g++-mingw-w64-x86-64-posix/copyright \
            /mingw64/share/licenses/{crt,winpthreads,libwinpthread,gcc-libs}/*; do
    [[ -f $file ]] && sources+=("$file")
done
if ((${#sources[@]} < 2)); then
    echo "third-party-notices.sh: the licences of the MinGW-w64 and GCC runtimes are missing from /usr/share/doc and /mingw64/share/licenses" >&2
    exit 1
fi
mkdir -p "$(dirname "$output")"
{
    echo "jnimymodule.dll and mymodule.dll contain parts of the MinGW-w64 runtime (C runtime start-up code,"
    echo "winpthreads) and of the GCC runtime (libstdc++, libgcc), linked statically. Their copyright notices"
    echo "and licences follow, as the toolchain that built these DLLs ships them."
    for file in "${sources[@]}"; do
        printf '\n===== %s =====\n\n' "$file"
        cat "$file"
    done
} > "$output"
