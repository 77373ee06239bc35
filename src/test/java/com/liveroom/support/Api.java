package com.liveroom.support;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A real HTTP client for the deployed application's REST API. */
public final class Api {

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Api(URL base) {
        String url = base.toExternalForm();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
    }

    public URI base() {
        return base;
    }

    public URI socket() {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws");
    }

    public Response post(String path, String authorization, String body) {
        var request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    public Response post(String path, String authorization, JsonObject body) {
        return post(path, authorization, body.toString());
    }

    public Response put(String path, String authorization, String body) {
        return send(path, "PUT", authorization, body);
    }

    public Response delete(String path, String authorization) {
        return send(path, "DELETE", authorization, null);
    }

    private Response send(String path, String method, String authorization, String body) {
        var request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    public Response get(String path, String authorization) {
        var request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    /** Signs in a new guest and returns who it is. */
    public Guest guest(String name) {
        var reply = post("api/auth/guest", null, Jsons.object().add("displayName", name)
                .add("avatarUrl", "https://avatars.example/" + name + ".png").build());
        reply.expect(200);
        JsonObject data = reply.data();
        JsonObject user = data.getJsonObject("user");
        return new Guest(data.getString("token"), user.getJsonNumber("id").longValue(), user.getString("displayName"),
                user.getString("avatarUrl"));
    }

    /** Creates a stream hosted by the given guest. */
    public Room stream(Guest host, String title) {
        var reply = post("api/streams", host.token(), Jsons.object().add("title", title).add("orgName", title + " Org")
                .add("orgLogo", "https://logos.example/" + title + ".png").build());
        reply.expect(200);
        JsonObject data = reply.data();
        return new Room(data.getJsonNumber("id").longValue(), data.getString("roomNumber"), data.getString("orgName"),
                data.getString("orgLogo"));
    }

    public JsonObject history(Guest reader, Room room, String query) {
        var reply = get("api/message/chatmsg?stream=" + room.id() + query, reader.token());
        reply.expect(200);
        return reply.data();
    }

    public long total(Guest reader, Room room) {
        return history(reader, room, "&page=1&resultsPerPage=1").getJsonNumber("total").longValue();
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new IllegalStateException("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Guest(String token, long id, String displayName, String avatarUrl) {
    }

    public record Room(long id, String roomNumber, String orgName, String orgLogo) {
    }

    /** An answer; {@code contentType} is {@code null} when whoever made it did not keep the header. */
    public record Response(int status, String body, String contentType) {

        public Response(int status, String body) {
            this(status, body, null);
        }

        /** Whether the answer says it is JSON (a Content-Type of application/json, with or without parameters). */
        public boolean isJson() {
            return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
        }

        public JsonObject json() {
            return Jsons.parse(body);
        }

        public JsonObject data() {
            return json().getJsonObject("data");
        }

        public Response expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }

        /** Asserts a refusal: the HTTP status and the body's {code, msg} agree, and the answer says it is JSON. */
        public Response expectError(int expected) {
            expect(expected);
            if (contentType != null && !isJson()) {
                throw new AssertionError("expected a JSON answer but got " + contentType + ": " + body);
            }
            JsonObject body = json();
            if (body.getInt("code") != expected || body.getString("msg", "").isBlank()) {
                throw new AssertionError("expected {code:" + expected + ", msg} but got " + body);
            }
            return this;
        }
    }
}
