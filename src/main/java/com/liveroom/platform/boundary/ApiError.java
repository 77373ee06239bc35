package com.liveroom.platform.boundary;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of every refused request and every error frame: {@code {code, msg}}. */
@Schema(name = ApiError.SCHEMA, description = "a refusal")
public record ApiError(@Schema(description = "the HTTP status, or the error code of a socket frame") int code,
                       @Schema(description = "what went wrong, for people") String msg) {

    /** Its name among the OpenAPI schemas; responses refer to it by this name. */
    public static final String SCHEMA = "ApiError";
}
