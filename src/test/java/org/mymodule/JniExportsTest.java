package org.mymodule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
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
 * A Windows JNI library, cross-built here and never loaded here, must export a symbol for every
 * native method of our classes. Reads the DLL's export table; runs in the windows-x86_64 build
 * ({@code -Djavacpp.platform=windows-x86_64}) and is skipped on other platforms. It loads no native
 * code, so it does without the NativeLeakCheck extension.
 */
class JniExportsTest {
    private static final String PLATFORM = System.getProperty("javacpp.platform", "");

    @Test void windowsJniLibraryExportsEveryNativeMethod() throws Exception {
        assumeTrue(PLATFORM.startsWith("windows"), "only for a Windows build");
        Set<String> exported = peExports(Paths.get("target/native/org/mymodule", PLATFORM, "jnimymodule.dll"));
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

    private static String argumentDescriptor(Method m) {
        StringBuilder d = new StringBuilder();
        for (Class<?> p : m.getParameterTypes()) {
            d.append(descriptor(p));
        }
        return d.toString();
    }

    private static String descriptor(Class<?> c) {
        if (c.isArray()) {
            return c.getName().replace('.', '/');
        } else if (c.isPrimitive()) {
            return String.valueOf(primitiveCode(c));
        }
        return "L" + c.getName().replace('.', '/') + ";";
    }

    private static char primitiveCode(Class<?> c) {
        return c == boolean.class ? 'Z' : c == byte.class ? 'B' : c == char.class ? 'C' : c == short.class ? 'S'
                : c == int.class ? 'I' : c == long.class ? 'J' : c == float.class ? 'F' : c == double.class ? 'D' : 'V';
    }

    /** The names in a PE (Windows DLL) export table. */
    static Set<String> peExports(Path dll) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dll)).order(ByteOrder.LITTLE_ENDIAN);
        int pe = b.getInt(0x3C);
        assertEquals(0x00004550, b.getInt(pe), "PE signature");
        int coff = pe + 4;
        int sections = b.getShort(coff + 2) & 0xffff;
        int optional = coff + 20;
        int sectionTable = optional + (b.getShort(coff + 16) & 0xffff);
        boolean pe32plus = (b.getShort(optional) & 0xffff) == 0x20b;
        int exportDirectory = fileOffset(b, sectionTable, sections, b.getInt(optional + (pe32plus ? 112 : 96)));
        int count = b.getInt(exportDirectory + 24);
        int namePointers = fileOffset(b, sectionTable, sections, b.getInt(exportDirectory + 32));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int at = fileOffset(b, sectionTable, sections, b.getInt(namePointers + 4 * i));
            StringBuilder name = new StringBuilder();
            for (byte c; (c = b.get(at++)) != 0; ) {
                name.append((char) c);
            }
            names.add(name.toString());
        }
        return names;
    }

    private static int fileOffset(ByteBuffer b, int sectionTable, int sections, int rva) {
        for (int i = 0; i < sections; i++) {
            int header = sectionTable + 40 * i;
            int virtualAddress = b.getInt(header + 12);
            int size = Math.max(b.getInt(header + 8), b.getInt(header + 16));
            if (rva >= virtualAddress && rva < virtualAddress + size) {
                return rva - virtualAddress + b.getInt(header + 20);
            }
        }
        throw new IllegalArgumentException("RVA " + rva + " is in no section");
    }
}
