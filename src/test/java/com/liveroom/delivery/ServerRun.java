package com.liveroom.delivery;

import com.liveroom.support.PayaraMicroProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A server of a test's own, run as a child process with the settings under test (a process can also be stopped with
 * SIGTERM, which the shared deployment cannot). Its logs and data stay under target/ for a failed run to be read.
 */
final class ServerRun {

    static final Duration START_WITHIN = Duration.ofSeconds(120);

    private ServerRun() {
    }

    static PayaraMicroProcess start(String name, List<String> properties) throws IOException {
        Path target = Path.of(System.getProperty("liveroom.it.tmpDir", "target")).toAbsolutePath();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path workDir = Files.createDirectories(target.resolve(name + "-run-" + stamp));
        Path dataDir = Files.createDirectories(workDir.resolve("data"));
        Path war = Files.copy(Path.of(required("liveroom.it.war")), workDir.resolve("liveroom.war"),
                StandardCopyOption.REPLACE_EXISTING);
        var server = new PayaraMicroProcess(Path.of(required("payara.microJar")).toAbsolutePath(), war, workDir,
                dataDir, required("liveroom.it.tokenSecret"), PayaraMicroProcess.freePort(), properties,
                List.of("--nocluster", "--prebootcommandfile", required("liveroom.it.preBoot")));
        server.start(START_WITHIN);
        return server;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("-D" + property + " is not set (the failsafe configuration sets it)");
        }
        return value;
    }
}
