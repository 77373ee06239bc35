package com.liveroom.platform.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API, described at {@code /openapi}. The refusals every call shares are described once here and
 * referred to by name; each is {@code {code, msg}} with the HTTP status as its code (docs/protocol.md).
 * <p>
 * A resource names the refusals all its calls share once, on its class, and each call adds its own. A call with
 * a single response of its own wraps it in {@code @APIResponses}: Payara adds the class's responses to a call's
 * container of responses, or to a call with none, but not beside a lone {@code @APIResponse}.
 */
@ApplicationPath("api")
@OpenAPIDefinition(
        info = @Info(title = "Liveroom", version = "1",
                description = "Live-room chat and Q&A. The WebSocket at /ws and its frames are described in "
                        + "docs/protocol.md; successful answers are {code:200, data}, refusals {code, msg}."),
        components = @Components(
                securitySchemes = @SecurityScheme(securitySchemeName = ApiApplication.TOKEN,
                        type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER, apiKeyName = "Authorization",
                        description = "a token from /api/auth/guest or /api/auth/wechat, bare or after \"Bearer \""),
                responses = {
                        @APIResponse(name = ApiApplication.INVALID, responseCode = "400",
                                description = "malformed JSON, or a field or parameter that is missing or out of range",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(ref = ApiError.SCHEMA))),
                        @APIResponse(name = ApiApplication.UNAUTHORIZED, responseCode = "401",
                                description = "no token, or a forged or expired one",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(ref = ApiError.SCHEMA))),
                        @APIResponse(name = ApiApplication.FORBIDDEN, responseCode = "403",
                                description = "the caller may not do this",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(ref = ApiError.SCHEMA))),
                        @APIResponse(name = ApiApplication.NOT_FOUND, responseCode = "404",
                                description = "no such stream or question",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(ref = ApiError.SCHEMA))),
                        @APIResponse(name = ApiApplication.TOO_LONG, responseCode = "413",
                                description = "the text is longer than liveroom.chat.max-length characters",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(ref = ApiError.SCHEMA))),
                        @APIResponse(name = ApiApplication.CONFLICT, responseCode = "409",
                                description = "the step does not fit the state of the question or room (e.g. a closed "
                                        + "room, a dismissed question)",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(ref = ApiError.SCHEMA))),
                        @APIResponse(name = ApiApplication.TOO_MANY, responseCode = "429",
                                description = "too fast (rate limit or the room's slow mode): wait and try again",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(ref = ApiError.SCHEMA))),
                        @APIResponse(name = ApiApplication.UNAVAILABLE, responseCode = "503",
                                description = "the server is too busy to store it, or storing failed; nothing was "
                                        + "stored: try again",
                                content = @Content(mediaType = "application/json",
                                        schema = @Schema(ref = ApiError.SCHEMA)))}))
public class ApiApplication extends Application {

    /** The security scheme of the calls that need a token. */
    public static final String TOKEN = "token";
    public static final String INVALID = "Invalid";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String TOO_LONG = "TooLong";
    public static final String CONFLICT = "Conflict";
    public static final String TOO_MANY = "TooMany";
    public static final String UNAVAILABLE = "Unavailable";
}
