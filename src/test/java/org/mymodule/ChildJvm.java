package org.mymodule;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Starts a main class of the tests in a fresh JVM on this JVM's class path, output to a file. */
final class ChildJvm {
    private ChildJvm() {}

    /** Whether this JVM runs natively here: the reliability tests fork JVMs and take a minute, too long under qemu. */
    static boolean native_() {
        return System.getProperty("mymodule.expectSimd") == null && !System.getProperty("os.arch").equals("aarch64");
    }

    /**
     * The command line: this JVM's java, its native-access flags (and -Xcheck:jni if checkJni), the
     * JavaCPP cache, the class path with surefire's manifest-only booter jar expanded (so the command can be rerun).
     */
    static List<String> command(String mainClass, boolean checkJni, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Api.javaCommand());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if ((checkJni && a.startsWith("-Xcheck")) || a.startsWith("--enable-native-access") || a.startsWith("--sun-misc")) {
                command.add(a);
            }
        }
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            command.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** java.class.path, each jar's manifest Class-Path (surefire's booter jar) in its place. */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String e : Api.classPath().split(File.pathSeparator)) {
            entries.add(e);
            if (!e.endsWith(".jar") || !new File(e).isFile()) {
                continue;
            }
            try (JarFile jar = new JarFile(e)) {
                Manifest manifest = jar.getManifest();
                String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                if (cp != null && !cp.trim().isEmpty()) {
                    entries.remove(e);
                    for (String url : cp.trim().split("\\s+")) {
                        URI uri = new File(e).toURI().resolve(url);
                        entries.add(Paths.get(uri).toString());
                    }
                }
            } catch (IOException | IllegalArgumentException ignored) {
                // not a jar we can read: keep it as it is
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Runs command with stdout and stderr into log; the exit code, or -1 after killing it at timeoutSeconds. */
    static int run(List<String> command, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        return run(command, log, timeoutSeconds, java.util.Collections.emptyMap());
    }

    /** As {@link #run(List, Path, long)}, with more environment variables (glibc malloc settings, MYMODULE_SIMD). */
    static int run(List<String> command, Path log, long timeoutSeconds, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(log.getParent().toFile());
        // One malloc arena: malloc_trim then returns every free page, so the soak's resident set compares
        // like with like (with an arena per thread it drifted by several MB either way, leak or not).
        builder.environment().put("MALLOC_ARENA_MAX", "1");
        builder.environment().putAll(env);
        Process p = builder.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return -1;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();  // no child outlives a test run that was cut short
            throw e;
        }
        return p.exitValue();
    }

    /** The command, quoted for a POSIX shell, to rerun by hand. */
    static String shell(List<String> command) {
        return shell(command, java.util.Collections.emptyMap());
    }

    /** The command with its extra environment, quoted for a POSIX shell. */
    static String shell(List<String> command, java.util.Map<String, String> env) {
        StringBuilder s = new StringBuilder("MALLOC_ARENA_MAX=1");  // as run() starts it
        env.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        for (String a : command) {
            s.append(" ").append(a.matches("[A-Za-z0-9_./:=,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return s.toString();
    }
}
