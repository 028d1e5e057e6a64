#!/bin/bash
# Builds the C++ library and installs it into cppbuild/<platform>/{include,lib}.
#   bash cppbuild.sh install [-platform=<javacpp platform>]    (Maven runs this in `initialize`)
#   bash cppbuild.sh clean
# The C++ tests under sanitizers: bash .ci/sanitize.
# Quiet unless something fails (then the step's whole output is shown); MYMODULE_VERBOSE=1 shows everything.
set -euo pipefail
cd "$(dirname "$0")"

OPERATION=${1:-install}
case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) HOST=linux-x86_64 ;;
    Linux-aarch64) HOST=linux-arm64 ;;
    Darwin-x86_64) HOST=macosx-x86_64 ;;
    Darwin-arm64) HOST=macosx-arm64 ;;
    MINGW64*|MSYS*) HOST=windows-x86_64 ;;
    *) HOST=unknown ;;
esac
PLATFORM=$HOST
for arg in "$@"; do
    case $arg in -platform=*) PLATFORM=${arg#-platform=} ;; esac
done

if [[ $OPERATION == clean ]]; then
    rm -rf cppbuild
    exit 0
fi

CMAKE_ARGS=() RUN_TESTS=1
case $PLATFORM in
    "$HOST") [[ $HOST == windows-x86_64 ]] && CMAKE_ARGS=(-G "MSYS Makefiles") ;;  # a native build
    linux-arm64)
        CMAKE_ARGS=(-DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=aarch64
                    -DCMAKE_CXX_COMPILER=aarch64-linux-gnu-g++ -DCMAKE_CROSSCOMPILING_EMULATOR=qemu-aarch64) ;;
    windows-x86_64)
        CMAKE_ARGS=(-DCMAKE_SYSTEM_NAME=Windows -DCMAKE_SYSTEM_PROCESSOR=x86_64
                    -DCMAKE_CXX_COMPILER=x86_64-w64-mingw32-g++-posix -DCMAKE_CROSSCOMPILING_EMULATOR=wine) ;;
    macosx-arm64|macosx-x86_64)
        # From Linux: zig (.ci/setup --cross) through a wrapper that speaks Apple's options, and LLVM's
        # archiver, which writes the Mach-O symbol index GNU ar cannot. Nothing here runs a Mach-O
        # binary: the tests are built, not run (.ci/cross checks the dylibs statically).
        CMAKE_ARGS=(-DCMAKE_SYSTEM_NAME=Darwin -DCMAKE_SYSTEM_PROCESSOR="${PLATFORM#macosx-}"
                    -DCMAKE_OSX_ARCHITECTURES="${PLATFORM#macosx-}" -DCMAKE_CXX_COMPILER="$PWD/src/main/cpp/zig-c++.sh"
                    -DCMAKE_AR=/usr/bin/llvm-ar -DCMAKE_RANLIB=/usr/bin/llvm-ranlib)
        export MYMODULE_ZIG_ARCH=${PLATFORM#macosx-}
        RUN_TESTS= ;;
    *) echo "cppbuild.sh: unsupported platform $PLATFORM" >&2; exit 1 ;;
esac
# No build paths in the binaries (reproducible jars): sources are named relative to src/main/cpp.
CMAKE_ARGS+=("-DCMAKE_CXX_FLAGS=-ffile-prefix-map=$PWD/src/main/cpp/=")
# Nor the link time, which MinGW's linker writes into every DLL by default.
[[ $PLATFORM == windows-* ]] && CMAKE_ARGS+=(-DCMAKE_SHARED_LINKER_FLAGS=-Wl,--no-insert-timestamp)

# Runs a step with its output in $BUILD.log, shown only when the step fails.
quietly() {
    if [[ -n ${MYMODULE_VERBOSE:-} ]]; then "$@"; return; fi
    "$@" > "$BUILD.log" 2>&1 || { cat "$BUILD.log" >&2; echo "cppbuild.sh: failed: $*" >&2; exit 1; }
}

# Configures $BUILD from scratch unless its last configuration succeeded with the same arguments and
# compiler: a folder first configured while the cross compiler was missing then repairs itself.
configure() {
    local compiler
    compiler=$(printf '%s\n' "$@" | sed -n 's/^-DCMAKE_CXX_COMPILER=//p')
    local want
    want="$* CXX=${CXX:-} compiler=$(command -v "${compiler:-${CXX:-c++}}" || echo missing)"
    if [[ -d $BUILD && "$(cat "$BUILD/.configured" 2>/dev/null)" != "$want" ]]; then
        rm -rf "$BUILD"
    fi
    mkdir -p "$BUILD"
    quietly cmake -S src/main/cpp -B "$BUILD" "$@"
    echo "$want" > "$BUILD/.configured"
}

INSTALL=$PWD/cppbuild/$PLATFORM
BUILD=$INSTALL/build
configure -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$INSTALL" ${CMAKE_ARGS[@]+"${CMAKE_ARGS[@]}"}
quietly cmake --build "$BUILD" --parallel "$(getconf _NPROCESSORS_ONLN)"
if [[ -n $RUN_TESTS ]]; then
    (cd "$BUILD" && quietly ctest --output-on-failure)
fi
quietly cmake --install "$BUILD"

# The Windows DLLs fold in parts of the MinGW-w64 and GCC runtimes: the Windows jar ships their notices.
if [[ $PLATFORM == windows-* ]]; then
    bash src/main/cpp/third-party-notices.sh "$INSTALL/notices/THIRD-PARTY-NOTICES.txt"
fi
