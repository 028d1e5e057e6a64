package org.mymodule.demo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.mymodule.global.mymodule;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The demo's command line: {@code java org.mymodule.demo.Main [options]}. */
@Command(name = "mymodule-demo", mixinStandardHelpOptions = true, version = "mymodule demo 1.0",
         description = "Runs mymodule's kernels on built-in data, times them against pure Java and peer"
                 + " libraries, and writes an HTML report with pictures.")
public final class Main implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--sections", split = ",", paramLabel = "NAME",
            description = "Sections to run, comma-separated (default: all): ${COMPLETION-CANDIDATES}",
            completionCandidates = SectionNames.class)
    List<String> sections = new ArrayList<>();

    @Option(names = "--size", paramLabel = "SIZE", defaultValue = "default",
            description = "Problem size: small, default or large (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the native kernels (default: the number of cores, here ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "demo-report",
            description = "Folder for index.html and the pictures (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--no-java", description = "Skip the slow pure-Java comparisons.")
    boolean noJava;

    /** Internal: run the one section given here and save its part of the report into this file. */
    @Option(names = "--record", hidden = true)
    Path record;

    /** The section names, for --help. */
    static final class SectionNames extends ArrayList<String> {
        SectionNames() {
            super(Demo.SECTIONS.stream().map(Section::name).collect(Collectors.toList()));
        }
    }

    @Override public Integer call() throws Exception {
        Size chosenSize = parseSize();
        for (String name : sections) {
            if (Demo.SECTIONS.stream().noneMatch(s -> s.name().equals(name))) {
                throw new ParameterException(spec.commandLine(), "Unknown section '" + name + "' (known: "
                        + String.join(", ", new SectionNames()) + ")");
            }
        }
        if (threads < 1 || threads > 256) {
            throw new ParameterException(spec.commandLine(), "--threads must be in [1, 256], got " + threads);
        }
        Report report = new Report(machine(), command());
        List<Section> chosen = Demo.select(sections);
        if (record != null || chosen.size() == 1) {
            new Demo(chosenSize, threads, !noJava, output, System.out, report).run(chosen);
            if (record != null) {
                report.save(record);
                return 0;
            }
        } else {
            for (Section section : chosen) report.load(runInItsOwnJvm(section));
        }
        Path index = report.write(output);
        System.out.println();
        System.out.println("Report: " + index.toAbsolutePath().normalize().toUri());
        return 0;
    }

    /**
     * Runs one section in a new JVM like this one (its options, class path and these arguments) and
     * returns the file with its part of the report. Each section gets a fresh JVM, as each JMH benchmark
     * does: the Vector API baselines ran 5 to 140 times slower in a JVM where another section's
     * Vector API code ran first (its JIT profiles are shared), which would flatter the native kernels.
     */
    private Path runInItsOwnJvm(Section section) throws IOException, InterruptedException {
        Path record = Files.createTempFile("mymodule-demo-" + section.name(), ".report");
        record.toFile().deleteOnExit();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--sections", section.name(), "--size", size, "--threads", Integer.toString(threads),
                "--output", output.toString(), "--record", record.toString()));
        if (noJava) command.add("--no-java");
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) throw new IllegalStateException("the " + section.name() + " section failed (exit code " + exit + ")");
        return record;
    }

    private Size parseSize() {
        switch (size) {
            case "small": return Size.SMALL;
            case "default": return Size.DEFAULT;
            case "large": return Size.LARGE;
            default:
                throw new ParameterException(spec.commandLine(),
                        "--size must be small, default or large, got '" + size + "'");
        }
    }

    /** CPU, cores, SIMD path, JDK and OS: what a reader needs to compare numbers. */
    static String machine() {
        String cpu = System.getProperty("os.arch");
        try {
            cpu = Files.readAllLines(Paths.get("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture will do
        }
        return String.format("Machine: %s, %d cores, SIMD path %s; JDK %s %s; %s %s %s", cpu,
                Runtime.getRuntime().availableProcessors(), mymodule.simdPath(), System.getProperty("java.vendor"),
                System.getProperty("java.runtime.version"), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"));
    }

    /** How to run exactly this again from a checkout. */
    private String command() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "mvn -B -q compile exec:exec -f demo -Djavacpp.platform.host"
                + (args.isEmpty() ? "" : " -Ddemo.args=\"" + String.join(" ", args) + "\"");
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        // A bad option gives one line and exit code 2, not the whole usage text.
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("mymodule-demo: " + e.getMessage() + " (try --help)");
            return CommandLine.ExitCode.USAGE;
        });
        System.exit(commandLine.execute(args));
    }
}
