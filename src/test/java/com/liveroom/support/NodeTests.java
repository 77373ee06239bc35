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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node test suite ({@code node --test}) against the deployed server and fails with its whole output
 * unless every test in it passed. The suites read the server's address from {@code BASE_URL}.
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

    public static void run(String dirProperty, String defaultDir, String baseUrl, Map<String, String> env,
                           String... arguments) throws IOException, InterruptedException {
        File dir = new File(System.getProperty(dirProperty, defaultDir));
        Path output = Files.createTempFile("node-tests", ".log");
        List<String> command = new ArrayList<>(List.of("node", "--test"));
        command.addAll(List.of(arguments));
        var node = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).redirectOutput(output.toFile());
        node.environment().put("BASE_URL", baseUrl);
        node.environment().putAll(env);
        Process process = node.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String log = Files.readString(output);
        assertTrue(finished, String.join(" ", command) + " did not finish:\n" + log);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + log);
        assertTrue(log.contains("# fail 0") && !log.contains("# pass 0"), log);
    }
}
