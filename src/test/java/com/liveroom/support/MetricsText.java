package com.liveroom.support;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads application-scope samples from {@code /metrics} in the Prometheus text format. */
public final class MetricsText {

    private MetricsText() {
    }

    /** The value of the sample {@code name{mp_scope="application"}}; fails when there is none. */
    public static double value(String text, String name) {
        return sample(text, name, labels -> !labels.contains("quantile="), name);
    }

    /** The value of the sample {@code name} with this label ({@code source="memory"}), 0 when there is none yet. */
    public static double labelled(String text, String name, String label) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (sample.find()) {
            if (sample.group(1).contains(label) && sample.group(1).contains("mp_scope=\"application\"")) {
                return Double.parseDouble(sample.group(2));
            }
        }
        return 0;
    }

    /** The quantile {@code q} (e.g. "0.99") of a timer or histogram. */
    public static double quantile(String text, String name, String q) {
        return sample(text, name, labels -> labels.contains("quantile=\"" + q + "\""), name + " quantile " + q);
    }

    private static double sample(String text, String name, Predicate<String> labelsWanted, String what) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (sample.find()) {
            String labels = sample.group(1);
            if (labels.contains("mp_scope=\"application\"") && labelsWanted.test(labels)) {
                return Double.parseDouble(sample.group(2));
            }
        }
        throw new AssertionError("no application metric " + what + " on /metrics");
    }
}
