package com.liveroom.platform.boundary;

import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;

/**
 * Reads a JSON number written as a whole number (no fraction, no exponent) that fits a {@code long}, and nothing
 * else: JSON-B on its own reads {@code "60"} as 60, cuts {@code 60.5} to 60 and wraps a number too large for the
 * field.
 */
public class WholeNumber implements JsonbDeserializer<Long> {

    @Override
    public Long deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
        JsonValue value = parser.getValue();
        return switch (value.getValueType()) {
            case NUMBER -> exact((JsonNumber) value);
            case NULL -> null;
            default -> throw new JsonbException("expected a whole number");
        };
    }

    private static long exact(JsonNumber number) {
        if (!number.isIntegral()) {
            throw new JsonbException("expected a whole number");
        }
        try {
            return number.bigDecimalValue().longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw new JsonbException("expected a whole number");
        }
    }
}
