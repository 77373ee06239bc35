package com.liveroom.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Node programs against the deployed server: a suite of the client tests in src/test/js ({@code node --test},
 * which reads the server's address from {@code BASE_URL}) or any command, and fails with the whole output unless
 * it succeeded.
 */
public final class NodeTests {

    private NodeTests() {
    }

    /**
     * The deployment's address as seen from this machine's loopback: pages a browser opens there have an origin
     * the test server's allow-list accepts.
     */
    public static String onLoopback(URL base) {
        URI uri = URI.create(base.toExternalForm());
        return "http://127.0.0.1:" + uri.getPort() + uri.getPath();
    }

    /** Runs the suite in a folder of the client tests (e.g. {@code "seed"}) and returns its output. */
    public static String run(String suite, String baseUrl, Map<String, String> env, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "--test"));
        command.addAll(List.of(arguments));
        Map<String, String> environment = new HashMap<>(env);
        environment.put("BASE_URL", baseUrl);
        File dir = new File(System.getProperty("liveroom.it.nodeDir", "src/test/js"), suite);
        String log = succeeds(dir, environment, command);
        assertTrue(log.contains("# fail 0") && !log.contains("# pass 0"), log);
        return log;
    }

    /** Runs a command to its end (five minutes at most) and returns its output; it fails unless it exits with 0. */
    public static String succeeds(File dir, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("node-run", ".log");
        var builder = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String log = Files.readString(output);
        assertTrue(finished, String.join(" ", command) + " did not finish:\n" + log);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + log);
        return log;
    }
}
