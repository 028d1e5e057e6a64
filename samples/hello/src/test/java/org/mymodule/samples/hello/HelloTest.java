package org.mymodule.samples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
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
        assertTrue(!output.contains("WARNING"), "no JVM warning with the flags of docs/platforms.md:\n" + output);
    }

    /** The flags docs/platforms.md gives for running without warnings on this JDK. */
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

    @Test void kernelsRunAsTheIssuesWriteThem() throws Exception {
        BufferedImage picture = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                picture.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | ((x ^ y) & 0xFF));
            }
        }
        Path file = cache.resolve("picture.png");
        ImageIO.write(picture, "png", file.toFile());
        List<String> arguments = quietFlags("ALL-UNNAMED");
        arguments.addAll(List.of("-cp", "target/classes" + File.pathSeparator + runtimeClasspath(),
                Kernels.class.getName(), file.toString()));
        String output = java(arguments);

        // The blobs are centred on (0|10, 0|10): the cluster of (10, 10) must be centred near it.
        Matcher kmeans = Pattern.compile("centred at \\((\\S+), (\\S+)\\)").matcher(output);
        assertTrue(kmeans.find(), output);
        assertEquals(10, Double.parseDouble(kmeans.group(1)), 0.2, output);
        assertEquals(10, Double.parseDouble(kmeans.group(2)), 0.2, output);
        assertTrue(output.contains("image: blurred 64x48"), output);
        Matcher nbody = Pattern.compile("nbody: energy drift (\\S+) after one orbit, momentum (\\S+)").matcher(output);
        assertTrue(nbody.find(), output);
        assertTrue(Double.parseDouble(nbody.group(1)) < 1e-4, output);
        assertTrue(Double.parseDouble(nbody.group(2)) < 1e-6, output);
    }
}
