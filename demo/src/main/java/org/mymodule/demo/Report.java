package org.mymodule.demo;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** The demo's report: index.html with each section's text, pictures and table, and a chart of speed-ups. */
final class Report {
    private static final String SPEED_UP_CHART = "speed-ups.png";

    private final String machine;
    private final String command;
    /** HTML fragments by section name, in the order the sections ran. */
    private final Map<String, StringBuilder> sections = new LinkedHashMap<>();
    private final List<Timing> timings = new ArrayList<>();

    Report(String machine, String command) {
        this.machine = machine;
        this.command = command;
    }

    void section(String name, String title) {
        sections.put(name, new StringBuilder("<h2 id=\"" + name + "\">" + escape(title) + "</h2>\n"));
    }

    void text(String section, String line) {
        sections.get(section).append("<p>").append(escape(line)).append("</p>\n");
    }

    void picture(String section, String file, String caption, int width, int height) {
        sections.get(section).append(String.format(Locale.ROOT,
                "<figure><img src=\"%s\" width=\"%d\" height=\"%d\" alt=\"%s\"><figcaption>%s</figcaption></figure>%n",
                file, width, height, escape(caption), escape(caption)));
    }

    void add(Timing timing) {
        timings.add(timing);
    }

    /** Writes everything the report holds into {@code file}, for {@link #load} in another JVM. */
    void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(sections.size());
            for (Map.Entry<String, StringBuilder> section : sections.entrySet()) {
                out.writeUTF(section.getKey());
                writeLong(out, section.getValue().toString());
            }
            out.writeInt(timings.size());
            for (Timing t : timings) {
                out.writeUTF(t.section);
                out.writeUTF(t.step);
                out.writeDouble(t.nativeSeconds);
                out.writeDouble(t.javaSeconds);
                out.writeBoolean(t.peer != null);
                if (t.peer != null) out.writeUTF(t.peer);
                out.writeDouble(t.peerSeconds);
            }
        }
    }

    /** Adds what {@link #save} wrote, after what the report holds. */
    void load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                sections.put(name, new StringBuilder(readLong(in)));
            }
            for (int i = in.readInt(); i > 0; i--) {
                String section = in.readUTF(), step = in.readUTF();
                double nativeSeconds = in.readDouble(), javaSeconds = in.readDouble();
                String peer = in.readBoolean() ? in.readUTF() : null;
                timings.add(new Timing(section, step, nativeSeconds, javaSeconds, peer, in.readDouble()));
            }
        }
    }

    private static void writeLong(DataOutputStream out, String text) throws IOException {  // writeUTF stops at 64 KB
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readLong(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    List<Timing> timings(String section) {
        return timings.stream().filter(t -> t.section.equals(section)).collect(Collectors.toList());
    }

    /** Writes index.html (and the speed-up chart, when there are speed-ups) into {@code folder}. */
    Path write(Path folder) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>mymodule demo</title>\n")
            .append("<style>body{font-family:sans-serif;max-width:70em;margin:auto;padding:1em}")
            .append("figure{display:inline-block;margin:.5em;vertical-align:top}img{border:1px solid #ccc;max-width:100%;height:auto}")
            .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}")
            .append("td:first-child,th:first-child{text-align:left}code{background:#f4f4f4}</style></head><body>\n")
            .append("<h1>mymodule demo</h1>\n<p>").append(escape(machine)).append("</p>\n")
            .append("<p>Command: <code>").append(escape(command)).append("</code></p>\n");
        if (writeSpeedUpChart(folder)) {
            html.append("<figure><img src=\"" + SPEED_UP_CHART + "\" width=\"900\" height=\"420\" alt=\"speed-ups\">"
                    + "<figcaption>Speed-up of mymodule over pure Java (and over the peer library, where there is one)</figcaption></figure>\n");
        }
        for (Map.Entry<String, StringBuilder> section : sections.entrySet()) {
            html.append(section.getValue()).append(htmlTable(timings(section.getKey())));
        }
        html.append("</body></html>\n");
        Path index = folder.resolve("index.html");
        Files.write(index, html.toString().getBytes(StandardCharsets.UTF_8));
        return index;
    }

    private boolean writeSpeedUpChart(Path folder) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Timing t : timings) {
            String step = t.section + ": " + t.step;
            if (!Double.isNaN(t.speedUp())) {
                data.addValue(t.speedUp(), "vs pure Java", step);
            }
            if (!Double.isNaN(t.peerRatio())) {
                data.addValue(t.peerRatio(), "vs peer library", step);
            }
        }
        if (data.getColumnCount() == 0) {
            return false;
        }
        JFreeChart chart = ChartFactory.createBarChart("Speed-up of mymodule (times faster; below 1 is slower)",
                null, "speed-up", data, PlotOrientation.HORIZONTAL, true, false, false);
        ChartUtils.saveChartAsPNG(folder.resolve(SPEED_UP_CHART).toFile(), chart, 900, 420);
        return true;
    }

    private static String htmlTable(List<Timing> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<table><tr><th>step</th><th>native</th><th>pure Java</th>"
                + "<th>peer</th><th>speed-up vs Java</th><th>vs peer</th></tr>\n");
        for (Timing t : rows) {
            html.append("<tr><td>").append(escape(t.step)).append("</td><td>").append(time(t.nativeSeconds))
                .append("</td><td>").append(time(t.javaSeconds)).append("</td><td>")
                .append(t.peer == null ? "" : escape(t.peer) + " " + time(t.peerSeconds)).append("</td><td>")
                .append(ratio(t.speedUp())).append("</td><td>").append(ratio(t.peerRatio())).append("</td></tr>\n");
        }
        return html.append("</table>\n").toString();
    }

    /** The console form of a section's table. */
    static String table(List<Timing> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        int width = Math.max(4, rows.stream().mapToInt(t -> t.step.length()).max().getAsInt());
        String format = "%-" + width + "s  %10s  %10s  %-22s  %8s  %8s%n";
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, format,
                "step", "native", "pure Java", "peer", "vs Java", "vs peer"));
        for (Timing t : rows) {
            text.append(String.format(Locale.ROOT, format, t.step, time(t.nativeSeconds), time(t.javaSeconds),
                    t.peer == null ? "" : t.peer + " " + time(t.peerSeconds), ratio(t.speedUp()), ratio(t.peerRatio())));
        }
        return text.toString();
    }

    private static String time(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        return seconds >= 1 ? String.format(Locale.ROOT, "%.2f s", seconds)
                : String.format(Locale.ROOT, "%.2f ms", seconds * 1e3);
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.1fx", r);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
