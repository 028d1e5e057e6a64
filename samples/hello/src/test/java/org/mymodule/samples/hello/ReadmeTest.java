package org.mymodule.samples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Sample Usage", copied as it stands into a new project (its pom.xml and Hello.java),
 * built and run with the Maven running this build and its local repository (the installed
 * artifacts): it must print "Result: 7". Debian's Maven 3.8.7 once compiled it for Java 5.
 */
class ReadmeTest {
    @TempDir Path project;

    /** The code block that follows the line {@code `<file>`:} in the README's Sample Usage. */
    static String snippet(String readme, String file) {
        Matcher m = Pattern.compile("`" + Pattern.quote(file) + "`:\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README has no snippet for " + file);
        return m.group(1) + "\n";
    }

    @Test void sampleUsageBuildsAndPrintsResult() throws Exception {
        String readme = Files.readString(Paths.get("..", "..", "README.md"));
        Files.writeString(project.resolve("pom.xml"), snippet(readme, "pom.xml"));
        Path source = project.resolve("src/main/java/Hello.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, snippet(readme, "src/main/java/Hello.java"));

        String mvn = Paths.get(System.getProperty("maven.home"), "bin", "mvn").toString();
        List<String> command = new ArrayList<>(List.of(mvn, "-B", "-q", "-Dmaven.repo.local=" + System.getProperty("maven.repo.local"),
                "-Djavacpp.platform.host", "-Dorg.bytedeco.javacpp.cachedir=" + project.resolve("cache"),
                "compile", "exec:java", "-Dexec.mainClass=Hello"));
        Process process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "mvn did not finish: " + String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
        // Debian's Maven 3.8.7 wraps its output in ESC[0m (jansi) in a project without our .mvn/jvm.config.
        assertTrue(output.replaceAll("\u001B\\[[0-9;]*m", "").lines().anyMatch("Result: 7"::equals), output);
    }
}
