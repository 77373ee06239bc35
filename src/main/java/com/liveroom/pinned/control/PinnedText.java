package com.liveroom.pinned.control;

import com.liveroom.pinned.entity.Pin;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.Stream;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/**
 * What pinning one of the room's items shows, and under whose name, as the chat showed it: a message's text and
 * author; a question's text and its asker (the stand-in, for an anonymous one); an answer's text under the
 * organisation's name and logo.
 */
record PinnedText(String text, Pin.Person author) {

    static PinnedText of(ChatItem item, Stream stream) {
        Pin.Person author = new Pin.Person(item.userId(), item.displayName(), item.avatarUrl());
        return switch (item.type()) {
            case MESSAGE -> new PinnedText(item.content(), author);
            case QUESTION -> new PinnedText(field(item, "content"), author);
            case ANSWER -> new PinnedText(field(item, "answer"),
                    new Pin.Person(stream.hostId(), stream.orgName(), stream.orgLogo()));
        };
    }

    /** A field of a question's or answer's content (JSON text); the content itself should it not be that. */
    private static String field(ChatItem item, String name) {
        try (JsonReader reader = Json.createReader(new StringReader(item.content()))) {
            JsonObject content = reader.readObject();
            return content.getString(name, item.content());
        } catch (JsonException | ClassCastException e) {
            return item.content();
        }
    }
}
