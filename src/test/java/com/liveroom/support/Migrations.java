package com.liveroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Flyway migrations the WAR ships, read from the build's classes, so that a new migration needs no test edit. */
public final class Migrations {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

    private Migrations() {
    }

    /** The version of the newest migration, e.g. {@code "2"} when V2__... is the last one, of those for every database and those for H2. */
    public static String newest() {
        return String.valueOf(Math.max(newestIn("db/migration"), newestIn("db/vendor/h2")));
    }

    private static int newestIn(String location) {
        URL folder = Migrations.class.getClassLoader().getResource(location);
        if (folder == null) {
            throw new IllegalStateException("no " + location + " on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return files.map(p -> VERSIONED.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .max(Integer::compare)
                    .orElseThrow(() -> new IllegalStateException("no versioned migration in " + folder));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
