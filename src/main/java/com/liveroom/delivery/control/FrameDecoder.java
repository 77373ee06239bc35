package com.liveroom.delivery.control;

import com.liveroom.platform.control.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the text of a client's frame into an {@link Inbound}, once. {@code payLoad}, and {@code chatInfo} inside it,
 * arrive as JSON text or as a JSON object: both are read; a room number may come as text or as a number. A frame
 * that is not one JSON object, or has no known numeric type, is refused at once (400); what is wrong inside a
 * payLoad is returned as {@link Inbound.Malformed}.
 * <p>
 * Concurrency: stateless; the parser factory is thread-safe.
 */
@ApplicationScoped
public class FrameDecoder {

    static final int HEARTBEAT = 1;
    static final int CHAT = 2;
    static final int JOIN = 3;
    static final int LIKE = 4;
    /** Most taps one like frame may carry. */
    public static final int MAX_LIKES = 100;
    private static final int MAX_CLIENT_MSG_ID = 64;
    private static final Pattern SEQ = Pattern.compile("\\d{1,18}");
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    /** @throws Refusal 400 when the frame itself is unreadable or of an unknown type */
    public Inbound decode(String text) {
        JsonObject frame = object(text, "the frame");
        int type = type(frame.get("type"));
        String token = string(frame.get("token")).orElse(null);
        return switch (type) {
            case HEARTBEAT -> new Inbound.Heartbeat(token);
            case JOIN -> join(token, frame.get("payLoad"));
            case CHAT -> chat(token, frame.get("payLoad"));
            case LIKE -> like(token, frame.get("payLoad"));
            default -> throw Refusal.badRequest("unknown frame type " + type);
        };
    }

    private Inbound join(String token, JsonValue value) {
        try {
            JsonObject payLoad = objectIn(value, "payLoad");
            Long since = null;
            if (payLoad.containsKey("since")) {
                since = string(payLoad.get("since")).filter(v -> SEQ.matcher(v).matches()).map(Long::valueOf)
                        .orElseThrow(() -> Refusal.badRequest("since must be the last seq the client has"));
            }
            return new Inbound.Join(token, topic(payLoad), since, string(payLoad.get("epoch")).orElse(null));
        } catch (Refusal refused) {
            return new Inbound.Malformed(token, refused, null);
        }
    }

    /** A like frame: {@code {topic, count?}}, {@code count} a whole number from 1 to {@link #MAX_LIKES} (1 if left out). */
    private Inbound like(String token, JsonValue value) {
        try {
            JsonObject payLoad = objectIn(value, "payLoad");
            int count = 1;
            if (payLoad.containsKey("count")) {
                count = payLoad.get("count") instanceof JsonNumber n && n.isIntegral()
                        && n.bigDecimalValue().compareTo(BigDecimal.ONE) >= 0
                        && n.bigDecimalValue().compareTo(BigDecimal.valueOf(MAX_LIKES)) <= 0
                        ? n.intValue() : -1;
                if (count < 0) {
                    throw Refusal.badRequest("count must be a whole number from 1 to " + MAX_LIKES);
                }
            }
            return new Inbound.Like(token, topic(payLoad), count);
        } catch (Refusal refused) {
            return new Inbound.Malformed(token, refused, null);
        }
    }

    /**
     * A chat frame. A refusal of a frame that names a readable {@code clientMsgId} carries that id back, so a client
     * with several messages in flight knows which one was refused.
     */
    private Inbound chat(String token, JsonValue value) {
        String echo = null;
        try {
            JsonObject payLoad = objectIn(value, "payLoad");
            JsonObject chatInfo = objectIn(payLoad.get("chatInfo"), "chatInfo");
            echo = string(chatInfo.get("clientMsgId")).filter(FrameDecoder::isClientMsgId).orElse(null);
            String topic = topic(payLoad);
            String type = string(chatInfo.get("type")).orElse("message");
            if (!"message".equals(type)) {
                throw Refusal.badRequest("only messages are sent over the socket; questions go to /api/question/add");
            }
            if (chatInfo.containsKey("clientMsgId") && echo == null) {
                throw Refusal.badRequest("clientMsgId must be text of 1 to 64 characters");
            }
            return new Inbound.Chat(token, topic, string(chatInfo.get("content")).orElse(null), echo);
        } catch (Refusal refused) {
            return new Inbound.Malformed(token, refused, echo);
        }
    }

    private static boolean isClientMsgId(String id) {
        return !id.isEmpty() && id.length() <= MAX_CLIENT_MSG_ID;
    }

    private static String topic(JsonObject payLoad) {
        return string(payLoad.get("topic")).filter(t -> !t.isBlank())
                .orElseThrow(() -> Refusal.badRequest("the payLoad needs a topic (the room number)"));
    }

    /** A JSON object given either as an object or as JSON text; an absent or empty value is an empty object. */
    private static JsonObject objectIn(JsonValue value, String what) {
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
    private static Optional<String> string(JsonValue value) {
        if (value instanceof JsonString s) {
            return Optional.of(s.getString());
        }
        if (value instanceof JsonNumber n) {
            return Optional.of(n.toString());
        }
        return Optional.empty();
    }

    /** One JSON object and nothing after it: trailing text makes the whole frame invalid. */
    private static JsonObject object(String text, String what) {
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
}
