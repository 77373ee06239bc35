package com.liveroom.platform.boundary;

import com.liveroom.platform.control.Refusal;

/**
 * Query parameters are read as text, so that a bad one is a clear {@code 400 {code, msg}} naming it rather than
 * the container's bare 404 for a parameter that does not convert.
 */
public final class QueryParameters {

    /** The most items one page of a listing holds (the mini-program asks for 1000). */
    public static final int MAX_PER_PAGE = 1000;

    private QueryParameters() {
    }

    /** A whole number between {@code min} and {@code max}; {@code fallback} when absent, or 400 without one. */
    public static long number(String name, String value, Long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw Refusal.badRequest(name + " is required");
            }
            return fallback;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n < min || n > max) {
                throw Refusal.badRequest(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw Refusal.badRequest(name + " must be a whole number");
        }
    }
}
