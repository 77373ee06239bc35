package com.liveroom.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server clock, and how its instants are written on the wire: ISO-8601 with milliseconds and a numeric
 * offset ({@code 2026-11-26T23:15:43.120+08:00}), which every phone's JavaScript engine parses.
 */
@ApplicationScoped
public class Clocks {

    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");

    @Inject
    @ConfigProperty(name = "liveroom.time-zone", defaultValue = "Asia/Shanghai")
    String zone;

    private DateTimeFormatter wire;

    @PostConstruct
    void init() {
        wire = WIRE.withZone(ZoneId.of(zone));
    }

    @Produces
    Clock clock() {
        return Clock.systemUTC();
    }

    public String format(Instant instant) {
        return wire.format(instant);
    }
}
