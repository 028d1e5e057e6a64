package org.mymodule;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * mymodule's public API as found in the compiled classes (generated and hand-written), by scanning
 * the folder or jar that holds them, so that a new class or function is covered without edits.
 */
final class Api {
    /** The packages whose public classes make the API; org.mymodule.presets is binding input, not API. */
    static final String[] PACKAGES = {"org.mymodule", "org.mymodule.global"};

    private Api() {}

    /** Every public top-level or nested class of {@link #PACKAGES}, sorted by name. */
    static List<Class<?>> classes() {
        TreeSet<String> names = new TreeSet<>();
        try {
            Path location = Paths.get(NativeObject.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (String pkg : PACKAGES) {
                String dir = pkg.replace('.', '/') + "/";
                if (Files.isDirectory(location)) {
                    try (Stream<Path> files = Files.list(location.resolve(dir))) {
                        files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class"))
                             .forEach(f -> names.add(pkg + "." + f.substring(0, f.length() - ".class".length())));
                    }
                } else {
                    try (JarFile jar = new JarFile(location.toFile())) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            String name = e.nextElement().getName();
                            if (name.startsWith(dir) && name.endsWith(".class") && name.indexOf('/', dir.length()) < 0) {
                                names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                            }
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the classes of " + String.join(", ", PACKAGES), e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            if (name.endsWith("module-info") || name.endsWith("package-info")) {
                continue;
            }
            try {
                Class<?> cls = Class.forName(name, false, Api.class.getClassLoader());
                if (isPublic(cls) && !cls.isSynthetic() && !cls.isAnonymousClass()) {
                    classes.add(cls);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(name, e);
            }
        }
        classes.sort(Comparator.comparing(Class::getName));
        return classes;
    }

    /** Public, and nested only in public classes. */
    static boolean isPublic(Class<?> cls) {
        for (Class<?> c = cls; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The public constructors and methods DECLARED by our classes, in a stable order. JavaCPP's own
     * inherited Pointer API (put, fill, zero, capacity, address...) is JavaCPP's, not ours, and is left out.
     */
    static List<Executable> members(List<Class<?>> classes) {
        List<Executable> members = new ArrayList<>();
        for (Class<?> cls : classes) {
            if (cls.isInterface()) {
                continue;  // implemented by the fuzzer (lambdas, proxies), not called
            }
            List<Executable> own = new ArrayList<>();
            if (!Modifier.isAbstract(cls.getModifiers())) {
                for (Constructor<?> c : cls.getConstructors()) {
                    own.add(c);
                }
            }
            for (Method m : cls.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    own.add(m);
                }
            }
            own.sort(Comparator.comparing(Api::describe));
            members.addAll(own);
        }
        return members;
    }

    /** Such as {@code RunningStats.add(float[])} or {@code new RunningStats()}. */
    static String describe(Executable member) {
        StringBuilder s = new StringBuilder();
        String owner = member.getDeclaringClass().getName().substring("org.mymodule.".length());
        if (member instanceof Constructor) {
            s.append("new ").append(owner);
        } else {
            s.append(owner).append('.').append(member.getName());
        }
        s.append('(');
        Class<?>[] types = member.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            s.append(i > 0 ? ", " : "").append(types[i].getSimpleName());
        }
        return s.append(')').toString();
    }

    /** The class path a child JVM needs to see what this one sees (surefire's booter jar included). */
    static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** The java launcher of this JVM. */
    static String javaCommand() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
