package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Windows DLLs and the macOS dylib, cross-built here and never loaded here: the JNI library must
 * export a symbol for every native method of our classes, and may need no library that the system
 * lacks (such as MinGW's runtime, or a libc++ outside /usr/lib). Reads their PE or Mach-O export and
 * import tables; runs in the windows-x86_64 and macosx-* builds ({@code -Djavacpp.platform=...}) and
 * is skipped on other platforms. It loads no native code, so it does without the NativeLeakCheck
 * extension. (.ci/check-macho.py checks the rest of a dylib: CPU, minimum macOS, signature.)
 */
class JniExportsTest {
    private static final String PLATFORM = System.getProperty("javacpp.platform", "");
    /** DLLs every Windows has, plus our own library. */
    private static final Set<String> AVAILABLE_DLLS = Set.of("kernel32.dll", "msvcrt.dll", "advapi32.dll",
            "user32.dll", "psapi.dll", "mymodule.dll");

    private static Path nativeDirectory() {
        return Paths.get("target/native/org/mymodule", PLATFORM);
    }

    @Test void windowsLibrariesNeedOnlyDllsWindowsHas() throws Exception {
        assumeTrue(PLATFORM.startsWith("windows"), "only for a Windows build");
        for (String library : List.of("jnimymodule.dll", "mymodule.dll")) {
            Set<String> imported = peImports(nativeDirectory().resolve(library));
            assertTrue(imported.contains("kernel32.dll"), library + " imports " + imported);
            List<String> unavailable = imported.stream().filter(d -> !AVAILABLE_DLLS.contains(d)).sorted()
                    .collect(Collectors.toList());
            assertEquals(List.of(), unavailable, library + " imports " + imported);
        }
    }

    @Test void windowsJniLibraryExportsEveryNativeMethod() throws Exception {
        assumeTrue(PLATFORM.startsWith("windows"), "only for a Windows build");
        assertEveryNativeMethodIn(peExports(nativeDirectory().resolve("jnimymodule.dll")));
    }

    @Test void macosLibraryNeedsOnlySystemLibraries() throws Exception {
        assumeTrue(PLATFORM.startsWith("macosx"), "only for a macOS build");
        // Only the JNI library: libmymodule is linked into it (src/main/cpp/CMakeLists.txt).
        assertFalse(Files.exists(nativeDirectory().resolve("libmymodule.dylib")), "a separate libmymodule.dylib");
        List<String> linked = machODylibs(nativeDirectory().resolve("libjnimymodule.dylib"));
        assertTrue(linked.contains("/usr/lib/libSystem.B.dylib"), "links " + linked);
        List<String> unavailable = linked.stream().filter(d -> !d.startsWith("/usr/lib/") && !d.startsWith("/System/Library/"))
                .sorted().collect(Collectors.toList());
        assertEquals(List.of(), unavailable, "links " + linked);
    }

    @Test void macosJniLibraryExportsEveryNativeMethod() throws Exception {
        assumeTrue(PLATFORM.startsWith("macosx"), "only for a macOS build");
        assertEveryNativeMethodIn(machOExports(nativeDirectory().resolve("libjnimymodule.dylib")));
    }

    /** Every native method of our classes has its short or long JNI name among exported. */
    private static void assertEveryNativeMethodIn(Set<String> exported) throws Exception {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Class<?> cls : ourClasses()) {
            for (Method m : cls.getDeclaredMethods()) {
                if (Modifier.isNative(m.getModifiers())) {
                    checked++;
                    String shortName = "Java_" + mangle(cls.getName()) + "_" + mangle(m.getName());
                    if (!exported.contains(shortName) && !exported.contains(shortName + "__" + mangle(argumentDescriptor(m)))) {
                        missing.add(cls.getName() + "." + m.getName());
                    }
                }
            }
        }
        assertTrue(checked > 10, "found the native methods: " + checked);
        assertEquals(List.of(), missing);
    }

    /** Every class compiled into target/classes/org/mymodule, loaded without running its static initialiser. */
    private static List<Class<?>> ourClasses() throws IOException, ClassNotFoundException {
        Path root = Paths.get("target/classes");
        List<String> names;
        try (Stream<Path> files = Files.walk(root.resolve("org/mymodule"))) {
            names = files.map(root::relativize).map(Path::toString).filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - 6).replace('/', '.')).collect(Collectors.toList());
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            classes.add(Class.forName(name, false, JniExportsTest.class.getClassLoader()));
        }
        return classes;
    }

    /** JNI name mangling (JNI specification, "Resolving Native Method Names"). */
    static String mangle(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '.' || c == '/') {
                out.append('_');
            } else if (c == '_') {
                out.append("_1");
            } else if (c == ';') {
                out.append("_2");
            } else if (c == '[') {
                out.append("_3");
            } else if (c < 128 && Character.isLetterOrDigit(c)) {
                out.append(c);
            } else {
                out.append(String.format("_0%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** The parameter part of a method's JVM descriptor: "(IJ)Z" gives "IJ". */
    private static String argumentDescriptor(Method m) {
        String descriptor = MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
        return descriptor.substring(1, descriptor.indexOf(')'));
    }

    /** A PE (Windows DLL) file's bytes, with what is needed to follow its data directories. */
    private static final class PeFile {
        final ByteBuffer bytes;
        private final int sectionTable;
        private final int sections;
        private final int dataDirectories;

        PeFile(Path dll) throws IOException {
            bytes = ByteBuffer.wrap(Files.readAllBytes(dll)).order(ByteOrder.LITTLE_ENDIAN);
            int pe = bytes.getInt(0x3C);
            assertEquals(0x00004550, bytes.getInt(pe), "PE signature of " + dll);
            int coff = pe + 4;
            int optional = coff + 20;
            sections = bytes.getShort(coff + 2) & 0xffff;
            sectionTable = optional + (bytes.getShort(coff + 16) & 0xffff);
            dataDirectories = optional + ((bytes.getShort(optional) & 0xffff) == 0x20b ? 112 : 96);  // PE32+ or PE32
        }

        /** File offset of data directory {@code index} (0: exports, 1: imports). */
        int directory(int index) {
            return fileOffset(bytes.getInt(dataDirectories + 8 * index));
        }

        int fileOffset(int rva) {
            for (int i = 0; i < sections; i++) {
                int header = sectionTable + 40 * i;
                int virtualAddress = bytes.getInt(header + 12);
                int size = Math.max(bytes.getInt(header + 8), bytes.getInt(header + 16));
                if (rva >= virtualAddress && rva < virtualAddress + size) {
                    return rva - virtualAddress + bytes.getInt(header + 20);
                }
            }
            throw new IllegalArgumentException("RVA " + rva + " is in no section");
        }

        String string(int rva) {
            StringBuilder s = new StringBuilder();
            for (int at = fileOffset(rva); bytes.get(at) != 0; at++) {
                s.append((char) bytes.get(at));
            }
            return s.toString();
        }
    }

    /** The names in a DLL's export table. */
    static Set<String> peExports(Path dll) throws IOException {
        PeFile pe = new PeFile(dll);
        int exports = pe.directory(0);
        int count = pe.bytes.getInt(exports + 24);
        int namePointers = pe.fileOffset(pe.bytes.getInt(exports + 32));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            names.add(pe.string(pe.bytes.getInt(namePointers + 4 * i)));
        }
        return names;
    }

    /** The DLLs a DLL imports from, in lower case. */
    static Set<String> peImports(Path dll) throws IOException {
        PeFile pe = new PeFile(dll);
        Set<String> names = new HashSet<>();
        for (int descriptor = pe.directory(1); pe.bytes.getInt(descriptor + 12) != 0; descriptor += 20) {
            names.add(pe.string(pe.bytes.getInt(descriptor + 12)).toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }

    /** A 64-bit little-endian Mach-O file (arm64, x86_64) and the offsets of its load commands. */
    private static final class MachOFile {
        final ByteBuffer bytes;
        final List<Integer> commands = new ArrayList<>();

        MachOFile(Path dylib) throws IOException {
            bytes = ByteBuffer.wrap(Files.readAllBytes(dylib)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0xfeedfacf, bytes.getInt(0), "MH_MAGIC_64 of " + dylib);
            int at = 32;  // after mach_header_64
            for (int i = 0, count = bytes.getInt(16); i < count; i++, at += bytes.getInt(at + 4)) {
                commands.add(at);
            }
        }

        String string(int at) {
            StringBuilder s = new StringBuilder();
            for (; bytes.get(at) != 0; at++) {
                s.append((char) bytes.get(at));
            }
            return s.toString();
        }
    }

    /** The external symbols a Mach-O file defines, without the leading underscore of C names. */
    static Set<String> machOExports(Path dylib) throws IOException {
        MachOFile macho = new MachOFile(dylib);
        Set<String> names = new HashSet<>();
        for (int at : macho.commands) {
            if (macho.bytes.getInt(at) != 0x2) {  // LC_SYMTAB
                continue;
            }
            int symbols = macho.bytes.getInt(at + 8), count = macho.bytes.getInt(at + 12), strings = macho.bytes.getInt(at + 16);
            for (int i = 0; i < count; i++) {
                int entry = symbols + 16 * i;  // nlist_64
                int type = macho.bytes.get(entry + 4) & 0xff;
                // Not a debugging entry (N_STAB), external (N_EXT), not private (N_PEXT), defined in a section (N_SECT).
                if ((type & 0xe0) == 0 && (type & 0x01) != 0 && (type & 0x10) == 0 && (type & 0x0e) == 0x0e) {
                    String name = macho.string(strings + macho.bytes.getInt(entry));
                    names.add(name.startsWith("_") ? name.substring(1) : name);
                }
            }
        }
        return names;
    }

    /** The install names of the dylibs a Mach-O file loads (LC_LOAD_DYLIB and its weak, lazy, re-export and upward kinds). */
    static List<String> machODylibs(Path dylib) throws IOException {
        MachOFile macho = new MachOFile(dylib);
        Set<Integer> kinds = Set.of(0xc, 0x20, 0x80000018, 0x8000001f, 0x80000023);
        List<String> names = new ArrayList<>();
        for (int at : macho.commands) {
            if (kinds.contains(macho.bytes.getInt(at))) {
                names.add(macho.string(at + macho.bytes.getInt(at + 8)));
            }
        }
        return names;
    }
}
