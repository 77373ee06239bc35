package com.liveroom.rooms.control;

import com.liveroom.platform.boundary.ApiError;
import com.liveroom.platform.control.Refusal;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Reads the frames clients send ({@code {token, type, payLoad}}) and writes the frames the server sends.
 * {@code payLoad}, and {@code chatInfo} inside it, arrive as JSON text or as a JSON object: both are read.
 * Only chat items go out with {@code code:200}; the mini-program shows every such frame as one.
 */
@ApplicationScoped
public class FrameCodec {

    public static final int CHAT_ITEM = 200;
    public static final int JOINED = 201;
    public static final int ACK = 202;

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private final Jsonb jsonb = JsonbBuilder.create();

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Frame decode(String text) {
        JsonObject frame = object(text, "the frame");
        return new Frame(type(frame.get("type")), string(frame.get("token")).orElse(null), frame.get("payLoad"));
    }

    /** A JSON object given either as an object or as JSON text; an absent or empty value is an empty object. */
    public JsonObject objectIn(JsonValue value, String what) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (value.getValueType() == JsonValue.ValueType.OBJECT) {
            return value.asJsonObject();
        }
        if (value instanceof JsonString s) {
            return s.getString().isBlank() ? JsonValue.EMPTY_JSON_OBJECT : object(s.getString(), what);
        }
        throw Refusal.badRequest(what + " must be a JSON object or JSON text");
    }

    /** A value that should be text, also accepted as a number (a room number sent as 12345678). */
    public Optional<String> string(JsonValue value) {
        if (value instanceof JsonString s) {
            return Optional.of(s.getString());
        }
        if (value instanceof JsonNumber n) {
            return Optional.of(n.toString());
        }
        return Optional.empty();
    }

    public String item(ItemView item) {
        return jsonb.toJson(new ItemFrame(CHAT_ITEM, jsonb.toJson(item)));
    }

    /** What travels between the servers of a cluster. */
    public String grid(GridRelay.Message message) {
        return jsonb.toJson(message);
    }

    public GridRelay.Message grid(String text) {
        return jsonb.fromJson(text, GridRelay.Message.class);
    }

    public String error(int code, String msg) {
        return jsonb.toJson(new ApiError(code, msg));
    }

    /** A refusal of the chat frame that carried {@code clientMsgId}, naming it; without one, a plain error. */
    public String error(int code, String msg, String clientMsgId) {
        return clientMsgId == null ? error(code, msg) : jsonb.toJson(new EventFrame(code, msg, new Refused(clientMsgId)));
    }

    public String event(int code, String msg, Object data) {
        return jsonb.toJson(new EventFrame(code, msg, data));
    }

    /** One JSON object and nothing after it: trailing text makes the whole frame invalid. */
    private JsonObject object(String text, String what) {
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            if (parser.next() != JsonParser.Event.START_OBJECT) {
                throw Refusal.badRequest(what + " must be a JSON object");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw Refusal.badRequest(what + " must be one JSON object");
            }
            return object;
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            throw Refusal.badRequest(what + " is not valid JSON");
        }
    }

    /** A small whole number; the check fails fast on numbers like 1e99999999 instead of expanding them. */
    private static int type(JsonValue value) {
        if (value instanceof JsonNumber n) {
            try {
                return n.bigDecimalValue().intValueExact();
            } catch (ArithmeticException notASmallWholeNumber) {
                throw Refusal.badRequest("the frame's type must be a small whole number");
            }
        }
        if (value instanceof JsonString s && s.getString().matches("\\d{1,9}")) {
            return Integer.parseInt(s.getString());
        }
        throw Refusal.badRequest("the frame needs a numeric type");
    }

    /** A frame as a client sent it. */
    public record Frame(int type, String token, JsonValue payLoad) {
        public static final int HEARTBEAT = 1;
        public static final int CHAT = 2;
        public static final int JOIN = 3;
    }

    public record ItemFrame(int code, String data) {
    }

    public record EventFrame(int code, String msg, Object data) {
    }

    public record Refused(String clientMsgId) {
    }
}
