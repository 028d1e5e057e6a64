#!/bin/bash
# The C++ compiler for macOS targets on a Linux machine: zig's Clang, with its own libc++ and macOS's
# headers (installed by `bash .ci/setup --cross`). cppbuild.sh gives it to CMake and pom.xml to the
# JavaCPP Builder (through sort-jni.sh), both with Apple's options, which this script translates:
#   -arch arm64 | -arch x86_64   ->  -target aarch64-macos.11.0 | x86_64-macos.11.0  (the minimum macOS);
#                                    without -arch, $MYMODULE_ZIG_ARCH (cppbuild.sh sets it: CMake's
#                                    compiler identification passes no -arch)
#   -march=x86-64                ->  -march=x86_64 (zig's name for it), also the default on x86_64:
#                                    the baseline of Linux builds, not zig's core2 for macOS, and one
#                                    libc++ build for CMake's and JavaCPP's compilations
#   -undefined dynamic_lookup    ->  dropped: a symbol nothing defines fails the link here, not the load on a Mac
#   -mmacosx-version-min, -isysroot -> dropped: the target above names the minimum, zig brings the SDK
# and adds, for every link, -Wl,-S (no debug map, whose object paths are build paths) and an install
# name on @rpath for a dylib that names none.
set -euo pipefail
zig=${MYMODULE_ZIG:-${MYMODULE_TOOLS:-$HOME/.cache/mymodule}/zig-0.14.0-dev.2456/zig}
[[ -x $zig ]] || { echo "zig-c++.sh: no zig at $zig: run bash .ci/setup --cross" >&2; exit 1; }
min_macos=11.0

args=() arch=${MYMODULE_ZIG_ARCH:-} march= link=1 dylib= output= install_name=
while (($#)); do
    case $1 in
        -arch) arch=$2; shift ;;
        -march=x86-64) march=x86_64 ;;
        -march=*) march=${1#-march=} ;;
        -undefined) [[ ${2:-} == dynamic_lookup ]] || args+=("$1" "$2"); shift ;;
        -mmacosx-version-min=*) ;;
        -isysroot) shift ;;
        -c | -S | -E | -M | -MM) link= args+=("$1") ;;
        -dynamiclib | -shared) dylib=1 args+=("$1") ;;
        -install_name | -Wl,-install_name,*) install_name=1 args+=("$1") ;;
        -o) output=$2 args+=("$1" "$2"); shift ;;
        *) args+=("$1") ;;
    esac
    shift
done
case $arch in
    arm64) target=aarch64-macos.$min_macos ;;
    x86_64) target=x86_64-macos.$min_macos; args+=("-march=${march:-x86_64}") ;;
    *) echo "zig-c++.sh: give -arch arm64 or -arch x86_64 (got '${arch}')" >&2; exit 1 ;;
esac
[[ $arch == arm64 && -n $march ]] && args+=("-march=$march")
# zig's Clang does not let target("avx512f,...") functions use 512-bit vectors without -mevex512, an
# option that enables no instruction: code outside those functions stays baseline (check_isa.sh).
[[ $arch == x86_64 ]] && args+=(-mevex512)
if [[ -n $link ]]; then
    args+=(-Wl,-S)
    [[ -n $dylib && -z $install_name && -n $output ]] && args+=("-Wl,-install_name,@rpath/$(basename "$output")")
fi
exec "$zig" c++ -target "$target" "${args[@]}"
