package com.liveroom.support;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Tests deploy the WAR exactly as it ships, built by the package phase. */
public final class Deployments {

    private static final String SETTINGS = "WEB-INF/classes/META-INF/microprofile-config.properties";

    private Deployments() {
    }

    public static WebArchive liveroom() {
        File war = new File(System.getProperty("liveroom.it.war", "target/liveroom.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * The shipped WAR with some of its default settings changed, for a test about something else than what those
     * settings guard (a slow-consumer test is not about the message rate limit).
     */
    public static WebArchive liveroomWith(Map<String, String> settings) {
        WebArchive war = liveroom();
        String shipped;
        try (InputStream in = war.get(SETTINGS).getAsset().openStream()) {
            var bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            shipped = bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String changed = settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "\n", "\n"));
        war.delete(SETTINGS);
        return war.addAsResource(new StringAsset(shipped + changed), "META-INF/microprofile-config.properties");
    }
}
