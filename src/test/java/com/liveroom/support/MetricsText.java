package com.liveroom.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one application-scope value from {@code /metrics} in the Prometheus text format. */
public final class MetricsText {

    private MetricsText() {
    }

    /** The value of the sample {@code name{mp_scope="application"...}}; fails when there is none. */
    public static double value(String text, String name) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (sample.find()) {
            if (sample.group(1).contains("mp_scope=\"application\"") && !sample.group(1).contains("quantile")) {
                return Double.parseDouble(sample.group(2));
            }
        }
        throw new AssertionError("no application metric " + name + " on /metrics");
    }
}
