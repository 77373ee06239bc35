package com.liveroom.platform.control;

import jakarta.ws.rs.WebApplicationException;
import java.util.Optional;

/**
 * A request that is refused for a reason the client can act on. REST answers it as {@code {code, msg}} with
 * the same HTTP status; the socket sends the same pair as an error frame. Refusals are thrown before anything
 * is written, so a refused request changes nothing.
 */
public class Refusal extends WebApplicationException {

    public static final int BAD_REQUEST = 400;
    public static final int UNAUTHORIZED = 401;
    public static final int FORBIDDEN = 403;
    public static final int NOT_FOUND = 404;
    /** The change conflicts with the state it would change (a closed room, an answered question). */
    public static final int CONFLICT = 409;
    public static final int TOO_LARGE = 413;
    public static final int TOO_MANY = 429;
    public static final int UNAVAILABLE = 503;

    public Refusal(int code, String msg) {
        super(msg, code);
    }

    /** A refusal that a lower failure caused (the database out of reach), kept for the log. */
    public Refusal(int code, String msg, Throwable cause) {
        super(msg, cause, code);
    }

    /**
     * The refusal a failure carries, if any: itself or one of its causes. JPA wraps what a query throws into a
     * {@code PersistenceException}, so a refusal raised under it ({@link DatabaseOutages}) arrives wrapped.
     */
    public static Optional<Refusal> within(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            if (cause instanceof Refusal refusal) {
                return Optional.of(refusal);
            }
        }
        return Optional.empty();
    }

    public int code() {
        return getResponse().getStatus();
    }

    public static Refusal badRequest(String msg) {
        return new Refusal(BAD_REQUEST, msg);
    }

    public static Refusal unauthorized(String msg) {
        return new Refusal(UNAUTHORIZED, msg);
    }

    public static Refusal forbidden(String msg) {
        return new Refusal(FORBIDDEN, msg);
    }

    public static Refusal notFound(String msg) {
        return new Refusal(NOT_FOUND, msg);
    }
}
