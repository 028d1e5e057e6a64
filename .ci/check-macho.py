#!/usr/bin/env python3
"""Checks macOS binaries built on Linux (.ci/cross), without a Mac: what dyld and macOS would refuse or get
wrong at load time, read from the Mach-O files themselves.

  python3 .ci/check-macho.py macosx-arm64 target/mymodule-macosx-arm64.jar [--no-path P ...] [test executables ...]

For the JNI library in the jar and for each executable named:
- a thin 64-bit Mach-O file of the platform's CPU (arm64 or x86_64), a dylib or an executable
- built for macOS with the minimum version MIN_MACOS (LC_BUILD_VERSION)
- linking /usr/lib/libSystem.B.dylib and nothing else; a dylib's install name on @rpath, no absolute LC_RPATH
- two-level namespace: every imported symbol is bound to libSystem by its library ordinal, none left to flat
  or dynamic lookup (which JavaCPP's -undefined dynamic_lookup allows; zig's linker then still sets
  MH_NOUNDEFS, so the flag alone proves nothing)
- no debug map (N_STAB entries name object files by their build paths) and none of the --no-path strings
- a code signature whose CodeDirectory hashes match every page and special slot: required on arm64 (the kernel
  kills an unsigned arm64 process or refuses the dylib), checked on x86_64 where present
For the JNI library also:
- exceptions keep their types: libmymodule is linked in (no other dylib of ours in the jar, no C++ runtime
  linked), every C++ typeinfo in the file is defined exactly once and none is imported, so a throw in the
  library and the catch clauses of mymodule_jni.h meet the same std::invalid_argument etc.
- JNI entry points exported (JniExportsTest matches them to every native method)
and for the jar, the layout Loader looks for: org/mymodule/<platform>/libjnimymodule.dylib and nothing else native.
"""
import argparse
import hashlib
import os
import struct
import sys
import tempfile
import zipfile

MIN_MACOS = (11, 0)
CPU = {"arm64": 0x0100000C, "x86_64": 0x01000007}
MH_DYLIB, MH_EXECUTE = 6, 2
MH_NOUNDEFS, MH_TWOLEVEL, MH_FORCE_FLAT = 0x1, 0x80, 0x100
LC_SYMTAB, LC_ID_DYLIB, LC_CODE_SIGNATURE, LC_BUILD_VERSION, LC_RPATH = 0x2, 0xD, 0x1D, 0x32, 0x8000001C
LC_VERSION_MIN_MACOSX = 0x24
LOAD_DYLIB = {0xC: "LC_LOAD_DYLIB", 0x20: "LC_LAZY_LOAD_DYLIB", 0x80000018: "LC_LOAD_WEAK_DYLIB",
              0x8000001F: "LC_REEXPORT_DYLIB", 0x80000023: "LC_LOAD_UPWARD_DYLIB"}
LIBSYSTEM = "/usr/lib/libSystem.B.dylib"
# The exceptions mymodule_jni.h translates by type (src/main/cpp/jni/mymodule_jni.h).
CAUGHT = ["__ZTISt16invalid_argument", "__ZTISt12out_of_range", "__ZTISt14overflow_error",
          "__ZTISt12domain_error", "__ZTISt11logic_error", "__ZTISt9bad_alloc"]
errors = []


def fail(message):
    errors.append(message)


def cstring(data, at):
    return data[at:data.index(b"\0", at)].decode()


class MachO:
    def __init__(self, path):
        self.path, self.name = path, os.path.basename(path)
        self.data = data = open(path, "rb").read()
        magic, self.cputype, _, self.filetype, ncmds, _, self.flags, _ = struct.unpack_from("<IiiIIIII", data, 0)
        if magic != 0xFEEDFACF:
            raise ValueError(f"{path}: not a thin 64-bit little-endian Mach-O file (magic {magic:#x})")
        self.commands = []
        at = 32
        for _ in range(ncmds):
            cmd, size = struct.unpack_from("<II", data, at)
            self.commands.append((cmd, at, size))
            at += size
        self.symbols = []  # (name, n_type, n_sect, n_desc)
        for cmd, at, _ in self.commands:
            if cmd == LC_SYMTAB:
                symoff, nsyms, stroff, _ = struct.unpack_from("<IIII", data, at + 8)
                for i in range(nsyms):
                    strx, n_type, n_sect, n_desc, _ = struct.unpack_from("<IBBHQ", data, symoff + 16 * i)
                    self.symbols.append((cstring(data, stroff + strx), n_type, n_sect, n_desc))

    def command(self, kind):
        return [(at, size) for cmd, at, size in self.commands if cmd == kind]

    def dylibs(self):
        return [cstring(self.data, at + struct.unpack_from("<I", self.data, at + 8)[0])
                for cmd, at, _ in self.commands if cmd in LOAD_DYLIB]


def version(encoded):
    return (encoded >> 16, (encoded >> 8) & 0xFF)


def check_signature(m, required):
    found = m.command(LC_CODE_SIGNATURE)
    if not found:
        if required:
            fail(f"{m.name}: no code signature (an arm64 Mac loads only signed code)")
        return "unsigned"
    dataoff, datasize = struct.unpack_from("<II", m.data, found[0][0] + 8)
    blob = m.data[dataoff:dataoff + datasize]
    magic, _, count = struct.unpack_from(">III", blob, 0)
    if magic != 0xFADE0CC0:
        fail(f"{m.name}: the signature is not an embedded SuperBlob (magic {magic:#x})")
        return "bad"
    slots = dict(struct.unpack_from(">II", blob, 12 + 8 * i) for i in range(count))
    if 0 not in slots:
        fail(f"{m.name}: the signature has no CodeDirectory")
        return "bad"
    cd = slots[0]
    (magic, _, cd_version, flags, hash_offset, ident_offset, n_special, n_code, code_limit,
     hash_size, hash_type, _, page_log2) = struct.unpack_from(">IIIIIIIIIBBBB", blob, cd)
    algorithm = {1: "sha1", 2: "sha256"}.get(hash_type)
    if magic != 0xFADE0C02 or algorithm is None or hashlib.new(algorithm).digest_size != hash_size:
        fail(f"{m.name}: unexpected CodeDirectory (magic {magic:#x}, hash type {hash_type}, size {hash_size})")
        return "bad"
    if code_limit != dataoff:
        fail(f"{m.name}: the signature covers {code_limit} bytes, not all {dataoff} before it")
    page = 1 << page_log2 if page_log2 else code_limit
    if n_code != (code_limit + page - 1) // page:
        fail(f"{m.name}: {n_code} page hashes for {code_limit} bytes in pages of {page}")
    bad_pages = 0
    for i in range(n_code):
        stored = blob[cd + hash_offset + i * hash_size:cd + hash_offset + (i + 1) * hash_size]
        if hashlib.new(algorithm, m.data[i * page:min((i + 1) * page, code_limit)]).digest() != stored:
            bad_pages += 1
    if bad_pages:
        fail(f"{m.name}: {bad_pages} of {n_code} page hashes do not match (modified after signing?)")
    # Special slots hash the other blobs of the signature (requirements, entitlements), slot -type.
    for kind, offset in slots.items():
        if 1 <= kind <= n_special and kind <= 7:
            length = struct.unpack_from(">I", blob, offset + 4)[0]
            stored = blob[cd + hash_offset - kind * hash_size:cd + hash_offset - (kind - 1) * hash_size]
            if hashlib.new(algorithm, blob[offset:offset + length]).digest() != stored:
                fail(f"{m.name}: special slot {kind} of the signature does not match its blob")
    if not flags & 0x2:  # CS_ADHOC
        fail(f"{m.name}: the signature is not ad hoc (flags {flags:#x}): something else signed it")
    ident = cstring(blob, cd + ident_offset)
    return f"ad-hoc signed ({ident}, {n_code} pages of {page} bytes, {algorithm}, CodeDirectory {cd_version:#x})"


def check_binary(m, arch, no_paths, is_jni):
    if m.cputype != CPU[arch]:
        fail(f"{m.name}: CPU type {m.cputype:#x}, not {arch} ({CPU[arch]:#x})")
    if m.filetype not in (MH_DYLIB, MH_EXECUTE):
        fail(f"{m.name}: file type {m.filetype}, neither a dylib nor an executable")
    if is_jni and m.filetype != MH_DYLIB:
        fail(f"{m.name}: not a dylib")
    if not m.flags & MH_TWOLEVEL or m.flags & MH_FORCE_FLAT:
        fail(f"{m.name}: not in the two-level namespace (flags {m.flags:#x}): symbols would be looked up flat")
    if not m.flags & MH_NOUNDEFS:
        fail(f"{m.name}: MH_NOUNDEFS is not set: some reference was left for the loader to find")
    builds = m.command(LC_BUILD_VERSION)
    if len(builds) != 1 or m.command(LC_VERSION_MIN_MACOSX):
        fail(f"{m.name}: {len(builds)} LC_BUILD_VERSION commands (want one, and no LC_VERSION_MIN_MACOSX)")
    else:
        platform, minos, sdk = struct.unpack_from("<III", m.data, builds[0][0] + 8)
        if platform != 1 or version(minos) != MIN_MACOS:
            fail(f"{m.name}: built for platform {platform} minimum {version(minos)}, not macOS (1) {MIN_MACOS}")
    dylibs = m.dylibs()
    if dylibs != [LIBSYSTEM]:
        fail(f"{m.name}: links {dylibs}, not only {LIBSYSTEM}")
    if m.filetype == MH_DYLIB:
        ids = [cstring(m.data, at + struct.unpack_from("<I", m.data, at + 8)[0]) for at, _ in m.command(LC_ID_DYLIB)]
        if ids != ["@rpath/" + m.name]:
            fail(f"{m.name}: install name {ids}, not @rpath/{m.name}")
    rpaths = [cstring(m.data, at + struct.unpack_from("<I", m.data, at + 8)[0]) for at, _ in m.command(LC_RPATH)]
    for rpath in rpaths:
        if not rpath.startswith("@"):
            fail(f"{m.name}: LC_RPATH {rpath} is an absolute path")
    imported = 0
    stabs = [name for name, n_type, _, _ in m.symbols if n_type & 0xE0]
    if stabs:
        fail(f"{m.name}: has {len(stabs)} debugging symbols (N_STAB, such as {stabs[0]!r}): a debug map names build paths")
    for name, n_type, _, n_desc in m.symbols:
        if n_type & 0xE0 == 0 and n_type & 0x0E == 0 and n_type & 0x01:  # not N_STAB; N_UNDF, N_EXT
            imported += 1
            ordinal = n_desc >> 8
            if not 1 <= ordinal <= len(dylibs):
                how = {0: "flat lookup (library ordinal 0)", 0xFE: "dynamic lookup", 0xFF: "the executable"}.get(ordinal, f"ordinal {ordinal}")
                fail(f"{m.name}: {name} is left to {how}, not bound to a library")
    # Exported weak definitions (operator new and delete from libc++, inline symbols of ours) are coalesced
    # by dyld with those of other images, as the C++ rules for them want: counted, not failed.
    weak = sum(1 for _, n_type, _, n_desc in m.symbols if n_type == 0x0F and n_desc & 0x80)
    for path in no_paths:
        if path.encode() in m.data:
            fail(f"{m.name}: contains the build path {path}")
    signature = check_signature(m, required=arch == "arm64")
    summary = (f"{m.name}: {arch} {'dylib' if m.filetype == MH_DYLIB else 'executable'}, macOS {MIN_MACOS[0]}.{MIN_MACOS[1]}+, "
               f"links {', '.join(dylibs)} only ({imported} symbols, all bound to it), {weak} weak definitions exported, "
               f"rpaths {rpaths}, {signature}")
    if is_jni:
        summary += check_jni(m)
    return summary


def check_jni(m):
    defined, undefined = {}, set()
    exports = 0
    for name, n_type, _, _ in m.symbols:
        if n_type & 0x0E == 0x0E:  # N_SECT
            if name.startswith("__ZTI"):
                defined[name] = defined.get(name, 0) + 1
            if n_type & 0x01 and not n_type & 0x10 and name.startswith("_Java_"):
                exports += 1
        elif n_type & 0x0E == 0 and n_type & 0x01 and name.startswith("__ZTI"):
            undefined.add(name)
    if undefined:
        fail(f"{m.name}: imports C++ typeinfo {sorted(undefined)}: a second C++ runtime would own those types")
    twice = sorted(name for name, count in defined.items() if count > 1)
    if twice:
        fail(f"{m.name}: typeinfo defined more than once: {twice}")
    missing = [name for name in CAUGHT if name not in defined]
    if missing:
        fail(f"{m.name}: no typeinfo for {missing}: are the symbols stripped? (the check needs them)")
    if exports < 10:
        fail(f"{m.name}: only {exports} Java_ exports")
    return f"; {exports} Java_ exports; {len(defined)} C++ typeinfos, each defined once here, none imported"


def check_jar(jar, platform):
    names = zipfile.ZipFile(jar).namelist()
    native = [n for n in names if n.endswith((".dylib", ".so", ".a", ".dll", ".jnilib"))]
    want = f"org/mymodule/{platform}/libjnimymodule.dylib"
    if native != [want]:
        fail(f"{os.path.basename(jar)}: native files {native}, want exactly [{want}] (libmymodule is linked into it)")
    folder = [n for n in names if n.startswith(f"org/mymodule/{platform}/") and not n.endswith("/")]
    if folder != [want]:
        fail(f"{os.path.basename(jar)}: org/mymodule/{platform}/ holds {folder}")
    if "META-INF/versions/9/module-info.class" not in names:
        fail(f"{os.path.basename(jar)}: no module-info.class")
    return want


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("platform", choices=["macosx-arm64", "macosx-x86_64"])
    parser.add_argument("jar")
    parser.add_argument("executables", nargs="*")
    parser.add_argument("--no-path", action="append", default=[], help="a path no binary may contain")
    args = parser.parse_intermixed_args()
    arch = args.platform.split("-")[1]
    lines = []
    with tempfile.TemporaryDirectory() as work:
        entry = check_jar(args.jar, args.platform)
        dylib = os.path.join(work, "libjnimymodule.dylib")
        with zipfile.ZipFile(args.jar) as z, open(dylib, "wb") as out:
            out.write(z.read(entry))
        lines.append(check_binary(MachO(dylib), arch, args.no_path, is_jni=True))
        for path in args.executables:
            lines.append(check_binary(MachO(path), arch, args.no_path, is_jni=False))
    if errors:
        print("\n".join(f"check-macho: {e}" for e in errors), file=sys.stderr)
        sys.exit(1)
    print("\n".join(f"check-macho: {line}" for line in lines))


if __name__ == "__main__":
    main()
