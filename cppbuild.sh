#!/bin/bash
# Builds the C++ library and installs it into cppbuild/<platform>/{include,lib}.
#   bash cppbuild.sh install [-platform=<javacpp platform>]    (Maven runs this in `initialize`)
#   bash cppbuild.sh sanitize    the C++ tests again under ASan+UBSan, then TSan (cppbuild/<platform>-{asan,tsan})
#   bash cppbuild.sh clean
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

# Configures, builds and runs the C++ tests in $BUILD; ctest arguments follow the CMake ones after --.
build_and_test() {
    local cmake_args=() ctest_args=()
    while (($#)) && [[ $1 != -- ]]; do cmake_args+=("$1"); shift; done
    (($#)) && shift && ctest_args=("$@")
    configure "${cmake_args[@]}"
    quietly cmake --build "$BUILD" --parallel "$(getconf _NPROCESSORS_ONLN)"
    [[ -n $RUN_TESTS ]] || return 0
    (cd "$BUILD" && quietly ctest --output-on-failure ${ctest_args[@]+"${ctest_args[@]}"})
}

INSTALL=$PWD/cppbuild/$PLATFORM
if [[ $OPERATION == sanitize ]]; then
    # The same tests on the host, instrumented; any report fails them (-fno-sanitize-recover, halt_on_error).
    # The qemu and objdump tests are left out: they check the ISA of the release build.
    # detect_odr_violation=0: each test links the SIMD objects itself, to call every kernel variant (a
    # Windows DLL exports only the API), and the library too, so their kernel tables exist twice by design.
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_odr_violation=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 TSAN_OPTIONS=halt_on_error=1
    for sanitizer in address,undefined thread; do
        [[ $sanitizer == thread ]] && BUILD=$INSTALL-tsan/build || BUILD=$INSTALL-asan/build
        flags="-fsanitize=$sanitizer -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1"
        build_and_test -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=$sanitizer" \
                       "-DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=$sanitizer" -- -E "on_nehalem|avx_only"
        echo "cppbuild.sh: C++ tests pass under -fsanitize=$sanitizer"
    done
    exit 0
fi

BUILD=$INSTALL/build
build_and_test -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$INSTALL" ${CMAKE_ARGS[@]+"${CMAKE_ARGS[@]}"}
quietly cmake --install "$BUILD"

# The Windows DLLs fold in parts of the MinGW-w64 runtime (start-up code, winpthreads) and of GCC's
# (libstdc++, libgcc), whose licences want binaries to carry their notices: the Windows jar ships them
# (pom.xml, profile windows-mingw), as the toolchain that built the DLLs has them (Debian or MSYS2).
if [[ $PLATFORM == windows-* ]]; then
    sources=()
    for file in /usr/share/doc/mingw-w64-x86-64-dev/copyright /usr/share/doc/g++-mingw-w64-x86-64-posix/copyright \
                /mingw64/share/licenses/{crt,winpthreads,libwinpthread,gcc-libs}/*; do
        [[ -f $file ]] && sources+=("$file")
    done
    if ((${#sources[@]} < 2)); then
        echo "cppbuild.sh: the licences of the MinGW-w64 and GCC runtimes are missing from /usr/share/doc and /mingw64/share/licenses" >&2
        exit 1
    fi
    mkdir -p "$INSTALL/notices"
    {
        echo "jnimymodule.dll and mymodule.dll contain parts of the MinGW-w64 runtime (C runtime start-up code,"
        echo "winpthreads) and of the GCC runtime (libstdc++, libgcc), linked statically. Their copyright notices"
        echo "and licences follow, as the toolchain that built these DLLs ships them."
        for file in "${sources[@]}"; do
            printf '\n===== %s =====\n\n' "$file"
            cat "$file"
        done
    } > "$INSTALL/notices/THIRD-PARTY-NOTICES.txt"
fi
