package com.liveroom.platform.control;

import jakarta.resource.ResourceException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.exceptions.DatabaseException;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * How the persistence unit meets a database it cannot reach: at once, and in terms a client can act on.
 * <p>
 * EclipseLink retries a query that failed for want of a connection three times, five seconds apart. While the
 * database was down a read (history, a join, questions) therefore hung ten seconds and ended in a 500, and the first
 * read after it came back waited five. Here a failed query is tried once more, at once: the pool validates every
 * connection it hands out and replaces the lot when one is dead ({@link Database}), so a read that met a connection
 * left over from before a database restart succeeds on the retry, and one that meets a database that is down fails
 * in the time it takes to be refused a connection.
 * <p>
 * Such a failure becomes a {@link Refusal} 503, which REST and the socket both answer as {@code {code:503, msg}}; a
 * client tries again later. Every other failure goes on as it was.
 */
public class DatabaseOutages implements SessionCustomizer {

    static final String MSG = "the database is unavailable: try again shortly";

    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(1);
            login.setDelayBetweenConnectionAttempts(0);
        }
        session.setExceptionHandler(failure -> {
            if (unreachable(failure)) {
                throw new Refusal(Refusal.UNAVAILABLE, MSG, failure);
            }
            throw failure;
        });
    }

    /**
     * Whether a failure says the database cannot be reached: no connection could be had (the pool could not make
     * one), or the one in use broke (SQLSTATE class 08, connection exception; 57P, the server shut down or
     * ended the session).
     */
    public static boolean unreachable(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            if (cause instanceof DatabaseException database && database.isCommunicationFailure()
                    || cause instanceof ResourceException
                    || cause instanceof ConnectException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                        return true;
                    }
                    if (next.getNextException() == next) {
                        break;
                    }
                }
            }
        }
        return false;
    }
}
