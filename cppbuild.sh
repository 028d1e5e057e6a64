#!/bin/bash
# Builds the C++ library and installs it into cppbuild/<platform>/{include,lib}.
#   bash cppbuild.sh install [-platform=<javacpp platform>]    (Maven runs this in `initialize`)
#   bash cppbuild.sh clean
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

CMAKE_ARGS=()
case $PLATFORM in
    "$HOST") [[ $HOST == windows-x86_64 ]] && CMAKE_ARGS=(-G "MSYS Makefiles") ;;  # a native build
    linux-arm64)
        CMAKE_ARGS=(-DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=aarch64
                    -DCMAKE_CXX_COMPILER=aarch64-linux-gnu-g++ -DCMAKE_CROSSCOMPILING_EMULATOR=qemu-aarch64) ;;
    windows-x86_64)
        CMAKE_ARGS=(-DCMAKE_SYSTEM_NAME=Windows -DCMAKE_SYSTEM_PROCESSOR=x86_64
                    -DCMAKE_CXX_COMPILER=x86_64-w64-mingw32-g++-posix -DCMAKE_CROSSCOMPILING_EMULATOR=wine) ;;
    *) echo "cppbuild.sh: unsupported platform $PLATFORM" >&2; exit 1 ;;
esac

INSTALL=$PWD/cppbuild/$PLATFORM
cmake -S src/main/cpp -B "$INSTALL/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$INSTALL" \
      ${CMAKE_ARGS[@]+"${CMAKE_ARGS[@]}"}
cmake --build "$INSTALL/build" --parallel "$(getconf _NPROCESSORS_ONLN)"
(cd "$INSTALL/build" && ctest --output-on-failure)
cmake --install "$INSTALL/build"
