package com.liveroom.platform.boundary;

import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;

/** Reads {@code true} or {@code false} and nothing else: JSON-B on its own reads {@code "yes"} as {@code false}. */
public class StrictBoolean implements JsonbDeserializer<Boolean> {

    @Override
    public Boolean deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
        return switch (parser.getValue().getValueType()) {
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
            default -> throw new JsonbException("expected true or false");
        };
    }
}
