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

    /** A versioned migration: SQL, or a Java one (compiled to a class of the same name). */
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.(sql|class)");

    private Migrations() {
    }

    /**
     * The version of the newest migration a database of this vendor ({@code h2} or {@code postgresql}) is brought to,
     * e.g. {@code "2"} when V2__... is the last one, of those for every database and those for that vendor.
     */
    public static String newest(String vendor) {
        return String.valueOf(Math.max(newestIn("db/migration"), newestIn("db/vendor/" + vendor)));
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
