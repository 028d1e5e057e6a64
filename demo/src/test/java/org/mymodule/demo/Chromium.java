package org.mymodule.demo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the DevTools protocol on the loopback interface: opens a page,
 * waits for its load event, evaluates one expression and collects the errors the page logged.
 */
final class Chromium implements AutoCloseable {
    /** What a page did: the expression's string value and every error event. */
    static final class Page {
        final String value;
        final List<String> errors;

        Page(String value, List<String> errors) {
            this.value = value;
            this.errors = errors;
        }
    }

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern PAGE_SOCKET = Pattern.compile(
            "\"type\":\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\":\\s*\"([^\"]+)\"");

    private final Process process;
    private final int port;

    /** The browser binary, or null where none is installed. */
    static Path find() {
        for (String name : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Paths.get(name))) {
                return Paths.get(name);
            }
        }
        return null;
    }

    Chromium(Path binary, Path profile) throws Exception {
        process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank").redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = output.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                Thread drain = new Thread(() -> output.lines().forEach(l -> { }), "chromium-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        throw new IllegalStateException("Chromium did not start its DevTools server:\n" + seen);
    }

    /** Loads {@code url}, waits for the load event, then evaluates {@code expression} (a string-valued one). */
    Page open(URI url, String expression) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher socket = PAGE_SOCKET.matcher(targets);
        if (!socket.find()) {
            throw new IllegalStateException("no page target in " + targets);
        }
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(socket.group(1)), new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        List<String> errors = new ArrayList<>();
        for (String method : new String[] {"Runtime.enable", "Log.enable", "Page.enable"}) {
            call(ws, messages, errors, method, "{}");
        }
        ws.sendText("{\"id\":100,\"method\":\"Page.navigate\",\"params\":{\"url\":\"" + url + "\"}}", true).join();
        await(messages, errors, "\"method\":\"Page.loadEventFired\"");
        String result = call(ws, messages, errors, "Runtime.evaluate",
                "{\"expression\":" + quote(expression) + ",\"returnByValue\":true}");
        Matcher value = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(result);
        // Errors may arrive just after the load event (an image that failed late): drain for a moment.
        for (String m; (m = messages.poll(500, TimeUnit.MILLISECONDS)) != null; ) {
            collectError(m, errors);
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        return new Page(value.find() ? value.group(1) : null, errors);
    }

    private int nextId = 1;

    private String call(WebSocket ws, BlockingQueue<String> messages, List<String> errors, String method, String params)
            throws Exception {
        int id = nextId++;
        ws.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).join();
        return await(messages, errors, "\"id\":" + id + ",");
    }

    /** Waits for a message containing {@code marker}, collecting the error events that come before it. */
    private static String await(BlockingQueue<String> messages, List<String> errors, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String message = messages.poll(1, TimeUnit.SECONDS);
            if (message == null) {
                continue;
            }
            collectError(message, errors);
            if (message.contains(marker)) {
                return message;
            }
        }
        throw new IllegalStateException("Chromium sent no " + marker + " within 30 s");
    }

    private static void collectError(String message, List<String> errors) {
        if (message.contains("\"method\":\"Runtime.exceptionThrown\"")
                || (message.contains("\"method\":\"Log.entryAdded\"") && message.contains("\"level\":\"error\""))
                || (message.contains("\"method\":\"Runtime.consoleAPICalled\"") && message.contains("\"type\":\"error\""))) {
            errors.add(message);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
