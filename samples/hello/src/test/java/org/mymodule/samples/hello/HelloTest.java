package org.mymodule.samples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs Hello in a fresh JVM on the installed artifacts, as a user would. */
class HelloTest {
    private static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    private static final int JDK = Runtime.version().feature();

    @TempDir Path cache;

    private static String runtimeClasspath() throws IOException {
        return Files.readString(Paths.get("target", "runtime.classpath")).trim();
    }

    /** Runs java with the given arguments; returns stdout and stderr together. */
    private String java(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA,
                "-Dorg.bytedeco.javacpp.cachedir=" + cache, "-Dorg.bytedeco.javacpp.logger.debug=true"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    /** The JNI library JavaCPP extracted into the cache; it must come out of the classifier jar. */
    private void assertLoadedFromThePlatformJar(String output) throws IOException {
        List<Path> extracted;
        try (Stream<Path> files = Files.walk(cache)) {
            extracted = files.filter(f -> f.getFileName().toString().equals("libjnimymodule.so")).collect(Collectors.toList());
        }
        assertEquals(1, extracted.size(), output);
        String path = cache.relativize(extracted.get(0)).toString();
        assertTrue(path.startsWith("mymodule-0.1.0-1.5.14-linux-x86_64.jar" + File.separator), path);
        assertTrue(output.contains("Loading " + extracted.get(0)), output);
        assertTrue(!output.contains("WARNING"), "no JVM warning with the README's flags:\n" + output);
    }

    /** The flags the README gives for running without warnings on this JDK. */
    private static List<String> quietFlags(String nativeAccessModule) {
        List<String> flags = new ArrayList<>();
        if (JDK >= 22) {  // JNI from JavaCPP's Loader is a restricted method (JEP 472)
            flags.add("--enable-native-access=" + nativeAccessModule);
        }
        if (JDK >= 23) {  // JavaCPP reads buffer fields through sun.misc.Unsafe (JEP 471)
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }

    @Test void printsResultOnTheClassPath() throws Exception {
        List<String> arguments = quietFlags("ALL-UNNAMED");
        arguments.addAll(List.of("-cp", "target/classes" + File.pathSeparator + runtimeClasspath(),
                Hello.class.getName()));
        String output = java(arguments);
        assertTrue(output.lines().anyMatch("Result: 7"::equals), output);
        assertLoadedFromThePlatformJar(output);
    }

    @Test void printsResultOnTheModulePath() throws Exception {
        List<String> arguments = quietFlags("org.bytedeco.javacpp,org.mymodule");
        arguments.addAll(List.of("--module-path", runtimeClasspath(), "--add-modules", "ALL-MODULE-PATH",
                "-cp", "target/classes", Hello.class.getName()));
        String output = java(arguments);
        assertTrue(output.lines().anyMatch("Result: 7"::equals), output);
        assertLoadedFromThePlatformJar(output);
    }
}
