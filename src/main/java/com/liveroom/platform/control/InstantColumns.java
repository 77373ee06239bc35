package com.liveroom.platform.control;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Stores {@link Instant}s in {@code TIMESTAMP WITH TIME ZONE} columns. The EclipseLink in Payara would
 * otherwise serialise them as blobs; {@link OffsetDateTime} maps natively on H2 and PostgreSQL alike.
 */
@Converter(autoApply = true)
public class InstantColumns implements AttributeConverter<Instant, OffsetDateTime> {

    @Override
    public OffsetDateTime convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public Instant convertToEntityAttribute(OffsetDateTime stored) {
        return stored == null ? null : stored.toInstant();
    }
}
