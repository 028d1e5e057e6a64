package org.mymodule.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo as a user runs it: a fresh JVM on the installed artifacts, then its report read back and shown in a browser. */
class DemoTest {
    private static final Pattern IMAGE = Pattern.compile("<img src=\"([^\"]+)\" width=\"(\\d+)\" height=\"(\\d+)\"");
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    @TempDir static Path work;
    private static Path report;
    private static String output;

    /** A finished run: exit code and everything it printed. */
    private static final class Run {
        final int exitCode;
        final String output;

        Run(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    private static Run demo(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-Dorg.bytedeco.javacpp.cachedir=" + work.resolve("cache"), "--add-modules", "jdk.incubator.vector",
                "-cp", "target/classes" + File.pathSeparator + Files.readString(Paths.get("target", "runtime.classpath")).trim(),
                Main.class.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // The launcher's one-line notice about the Vector API's incubator module (the pure-Java baselines) is not the demo's.
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceFirst("^WARNING: Using incubator modules: jdk.incubator.vector\\R", "");
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "demo finished");
        return new Run(process.exitValue(), text);
    }

    @BeforeAll static void runTheSmallDemo() throws Exception {
        report = work.resolve("report");
        Run run = demo("--size", "small", "--output", report.toString());
        output = run.output;
        assertEquals(0, run.exitCode, output);
    }

    @Test void everySectionPrintsItsTable() {
        for (Section section : Demo.SECTIONS) {
            int heading = output.indexOf("== " + section.name() + ": ");
            assertTrue(heading >= 0, section.name() + " ran:\n" + output);
            int table = output.indexOf("\nstep ", heading);
            int next = output.indexOf("\n== ", heading + 1);
            assertTrue(table > 0 && (next < 0 || table < next), section.name() + " printed its table:\n" + output);
        }
        assertTrue(output.contains("add(3, 4) = 7"), output);
        assertTrue(output.contains("Report: " + report.resolve("index.html").toUri()), output);
    }

    @Test void everyPictureDecodesAtItsSizeAndIsNotBlank() throws Exception {
        String html = Files.readString(report.resolve("index.html"));
        Matcher image = IMAGE.matcher(html);
        int pictures = 0;
        while (image.find()) {
            pictures++;
            BufferedImage picture = ImageIO.read(report.resolve(image.group(1)).toFile());
            assertNotNull(picture, image.group(1) + " decodes");
            assertEquals(Integer.parseInt(image.group(2)), picture.getWidth(), image.group(1));
            assertEquals(Integer.parseInt(image.group(3)), picture.getHeight(), image.group(1));
            assertTrue(drawnFraction(picture) > 0.005, image.group(1) + " is not blank");
        }
        assertTrue(pictures >= 1, "the report has pictures");
    }

    @Test void theReportReferencesOnlyFilesThatExist() throws Exception {
        Matcher reference = REFERENCE.matcher(Files.readString(report.resolve("index.html")));
        while (reference.find()) {
            assertTrue(Files.isRegularFile(report.resolve(reference.group(1))), reference.group(1));
        }
    }

    @Test void theReportShowsTheMachineAndTheCommand() throws Exception {
        String html = Files.readString(report.resolve("index.html"));
        assertTrue(html.contains("cores, SIMD path "), html);
        assertTrue(html.contains("-Ddemo.args=&quot;--size small --output " + report + "&quot;"), html);
    }

    @Test void aBadOptionGivesOneLineAndExitCode2() throws Exception {
        for (String[] bad : new String[][] {{"--size", "huge"}, {"--bogus"}, {"--sections", "nope"}, {"--threads", "0"}}) {
            Run run = demo(bad);
            assertEquals(2, run.exitCode, run.output);
            assertEquals(1, run.output.strip().lines().count(), run.output);
            assertTrue(run.output.startsWith("mymodule-demo: "), run.output);
        }
    }

    @Test void helpListsEveryOption() throws Exception {
        Run run = demo("--help");
        assertEquals(0, run.exitCode, run.output);
        for (String option : new String[] {"--sections", "--size", "--threads", "--output", "--no-java", "--help"}) {
            assertTrue(run.output.contains(option), option + " in\n" + run.output);
        }
    }

    @Test void aBrowserShowsEveryPictureAndNoScriptError() throws Exception {
        Path binary = Chromium.find();
        // .ci/setup installs Chromium, so CI always runs this; elsewhere it is skipped without one.
        assumeTrue(binary != null || System.getenv("CI") != null, "no Chromium installed");
        assertNotNull(binary, "Chromium (bash .ci/setup installs it)");
        // The profile lives in target/: Chromium links into /tmp from it, which @TempDir warns about.
        try (Chromium chromium = new Chromium(binary, Files.createDirectories(Paths.get("target", "chromium-profile")))) {
            Chromium.Page page = chromium.open(report.resolve("index.html").toUri(),
                    "Array.from(document.images).map(i => i.naturalWidth > 0 ? 'loaded' : 'missing ' + i.src).join(' ')");
            assertTrue(page.errors.isEmpty(), "page errors: " + page.errors);
            assertNotNull(page.value, "the page was evaluated");
            int images = (int) IMAGE.matcher(Files.readString(report.resolve("index.html"))).results().count();
            assertEquals(String.join(" ", java.util.Collections.nCopies(images, "loaded")), page.value);
        }
    }

    /** The fraction of pixels that differ from the top-left one (the background, in a blank picture). */
    private static double drawnFraction(BufferedImage image) {
        int background = image.getRGB(0, 0);
        long drawn = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                drawn += image.getRGB(x, y) != background ? 1 : 0;
            }
        }
        return drawn / (double) (image.getWidth() * image.getHeight());
    }
}
