package com.liveroom.wire;

import com.liveroom.platform.boundary.ApiError;
import com.liveroom.rooms.control.ItemView;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/**
 * Writes the frames the server sends, as JSON text: chat items ({@code code:200}, the item itself as JSON text in
 * {@code data}, which is what the mini-program reads), events ({@code {code, msg, data}}) and refusals
 * ({@code {code, msg}}). Each frame is encoded once, whoever receives it.
 * <p>
 * Concurrency: JSON-B's {@link Jsonb} is thread-safe.
 */
@ApplicationScoped
public class Frames {

    private final Jsonb jsonb = JsonbBuilder.create();

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String item(ItemView item) {
        return jsonb.toJson(new ItemFrame(WireCodes.ITEM, jsonb.toJson(item)));
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

    public record ItemFrame(int code, String data) {
    }

    public record EventFrame(int code, String msg, Object data) {
    }

    public record Refused(String clientMsgId) {
    }
}
