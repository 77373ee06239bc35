package com.liveroom.platform.boundary;

import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Comparator;

/** Turns every failure of a REST call into {@code {code, msg}} with the HTTP status that fits it. */
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

    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            if (e instanceof WebApplicationException refused) {
                return new Refused().toResponse(refused);
            }
            LOG.log(Level.ERROR, "request failed", e);
            return error(500, "internal error");
        }
    }
}
