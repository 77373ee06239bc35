package com.liveroom.platform.boundary;

import com.liveroom.platform.control.DatabaseOutages;
import com.liveroom.platform.control.Refusal;
import jakarta.annotation.Priority;
import jakarta.json.bind.JsonbException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionalException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javax.transaction.xa.XAException;

/**
 * Turns every failure of a REST call into {@code {code, msg}} with the HTTP status that fits it: a refusal
 * thrown on purpose, a body that cannot be read, and whatever else fails, in the method or when its transaction
 * commits. A failure that is not a refusal is judged by what caused it ({@link #failed}): a database constraint
 * that two changes at the same moment ran into is 409, a database that cannot be reached or could not finish
 * (no connection, a lock not granted in time, a deadlock, a commit that failed for a reason not passed on) is 503,
 * anything else 500. No mapper here throws.
 */
public final class ErrorMappers {

    private static final Logger LOG = System.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {
    }

    static Response error(int status, String msg) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status, msg))
                .build();
    }

    @Provider
    public static class Refused implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String msg = e.getMessage() == null ? Response.Status.fromStatusCode(status).getReasonPhrase() : e.getMessage();
            return error(status, msg);
        }
    }

    @Provider
    public static class Invalid implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException e) {
            String msg = e.getConstraintViolations().stream()
                    .map(Invalid::describe)
                    .sorted(Comparator.naturalOrder())
                    .findFirst()
                    .orElse("invalid request");
            return error(400, msg);
        }

        private static String describe(ConstraintViolation<?> violation) {
            String path = violation.getPropertyPath().toString();
            int dot = path.lastIndexOf('.');
            String field = dot < 0 ? path : path.substring(dot + 1);
            return field + " " + violation.getMessage();
        }
    }

    @Provider
    public static class Unreadable implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return error(400, "the request body is not valid JSON of the expected shape");
        }
    }

    @Provider
    public static class UnreadableJson implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException e) {
            return error(400, "the request body is not valid JSON of the expected shape");
        }
    }

    /**
     * A transaction of a {@code @Transactional} bean that failed to commit, or a refusal it carries. The container
     * has a mapper of its own for this type which, for a cause it cannot map, throws and so ends in an HTML error
     * page; an application's provider is consulted first, and the priority says so should that ever change.
     */
    @Provider
    @Priority(Priorities.USER - 100)
    public static class CommitFailed implements ExceptionMapper<TransactionalException> {
        @Override
        public Response toResponse(TransactionalException e) {
            return failed(e);
        }
    }

    /** Everything else: a failure of the database (in the method or at commit: EJB, JPA, JTA) or of the server. */
    @Provider
    public static class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            return failed(e);
        }
    }

    /** What the failure's causes say: a refusal, a conflict (409), an unavailable database (503), or 500. */
    static Response failed(Throwable failure) {
        try {
            Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
                if (cause instanceof WebApplicationException refused) {
                    return new Refused().toResponse(refused);
                }
                if (cause instanceof SQLException sql) {
                    Response judged = judged(sql);
                    if (judged != null) {
                        return judged;
                    }
                }
            }
            // after the driver's own word, if any: a failed commit also comes wrapped as the connector's exception
            if (DatabaseOutages.unreachable(failure)) {
                return unavailable(failure.getClass().getName());
            }
            if (failedToCommit(failure, seen)) {
                LOG.log(Level.WARNING, "a transaction failed to commit ({0})", failure.getClass().getName());
                return error(503, "the change could not be stored: nothing was changed; try again");
            }
            LOG.log(Level.ERROR, "request failed", failure);
        } catch (RuntimeException | Error e) {
            // a mapper that throws ends in the container's HTML page: whatever happened, the answer stays JSON
            failure.addSuppressed(e);
            LOG.log(Level.ERROR, "request failed", failure);
        }
        return error(500, "internal error");
    }

    /**
     * Whether the transaction manager reported a failed commit without a cause that says more. A failure of the
     * database's own {@code COMMIT} (a deferred constraint, a connection lost at that moment) comes this way: the
     * container passes on the driver's message but not its SQLSTATE.
     */
    private static boolean failedToCommit(Throwable failure, Set<Throwable> chain) {
        return failure instanceof TransactionalException && chain.stream().anyMatch(cause ->
                cause instanceof SystemException || cause instanceof RollbackException
                        || cause instanceof HeuristicMixedException || cause instanceof HeuristicRollbackException
                        || cause instanceof XAException);
    }

    /** By SQLSTATE class (SQL:2011, also PostgreSQL's and H2's), along the chain of the driver's exceptions. */
    private static Response judged(SQLException first) {
        for (SQLException sql = first; sql != null; sql = sql.getNextException()) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            if (state.startsWith("23")) {
                LOG.log(Level.WARNING, "a change ran into a database constraint (SQLSTATE {0})", state);
                return error(409, "the change conflicts with another made at the same moment: nothing was changed; "
                        + "look again and retry");
            }
            if (UNAVAILABLE.stream().anyMatch(state::startsWith)) {
                return unavailable("SQLSTATE " + state);
            }
        }
        return null;
    }

    /**
     * SQLSTATE prefixes of a database that could not finish (one out of reach is {@link DatabaseOutages#unreachable}):
     * 40 transaction rollback (serialisation failure, deadlock), 53 insufficient resources, 55P03 lock not
     * available, HYT00 timeout (H2's lock timeout).
     */
    private static final List<String> UNAVAILABLE = List.of("40", "53", "55P03", "HYT00");

    /** Logged without the driver's message, which may quote the values of the change. */
    private static Response unavailable(String why) {
        LOG.log(Level.WARNING, "the database is unavailable ({0})", why);
        return error(503, "the database is unavailable: nothing was changed; try again");
    }
}
