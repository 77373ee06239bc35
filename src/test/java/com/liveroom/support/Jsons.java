package com.liveroom.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;

/** JSON for tests, through the same JSON-P API the server uses. */
public final class Jsons {

    private Jsons() {
    }

    public static JsonObject parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    public static JsonObjectBuilder object() {
        return Json.createObjectBuilder();
    }
}
