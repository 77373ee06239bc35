package com.liveroom.platform.control;

import jakarta.resource.ResourceException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
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
     * SQLSTATE classes of a statement that failed on a database that answered: data (22), integrity (23), transaction
     * state (25), rollback (40), syntax or access (42), a trigger's or function's own exception (P0).
     */
    private static final List<String> STATEMENT_FAILURES = List.of("22", "23", "25", "40", "42", "P0");

    /**
     * Whether a failure says the database cannot be reached. The driver's SQLSTATE decides when it names a connection
     * failure (class 08, connection exception; 57P, the server shut down or ended the session) or a statement that
     * failed on a database that answered: EclipseLink also calls a failure a "communication failure" when the
     * connection it pings afterwards is only in a failed transaction, which on PostgreSQL follows any error (a unique
     * violation included). Otherwise: no connection could be had (the pool could not make one, whatever the
     * database said), or the connection broke.
     */
    public static boolean unreachable(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && chain.size() < 20 && !chain.contains(cause);
                cause = cause.getCause()) {
            chain.add(cause);
        }
        for (Throwable cause : chain) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                        return true;
                    }
                    if (state != null && STATEMENT_FAILURES.stream().anyMatch(state::startsWith)) {
                        return false;
                    }
                    if (next.getNextException() == next) {
                        break;
                    }
                }
            }
        }
        return chain.stream().anyMatch(cause -> cause instanceof DatabaseException database
                && database.isCommunicationFailure()
                || cause instanceof ResourceException
                || cause instanceof ConnectException
                || cause instanceof SQLTransientConnectionException
                || cause instanceof SQLNonTransientConnectionException);
    }
}
