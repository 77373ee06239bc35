package com.liveroom.platform.boundary;

import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;

/** Reads a JSON string or number as text, for ids that clients send either way. */
public class LenientText implements JsonbDeserializer<String> {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
        return switch (parser.getValue().getValueType()) {
            case STRING -> parser.getString();
            case NUMBER -> parser.getValue().toString();
            default -> null;
        };
    }
}
