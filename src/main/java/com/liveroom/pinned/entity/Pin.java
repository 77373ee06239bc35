package com.liveroom.pinned.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A room's pinned announcement: a text (new, or taken from one of the room's items) shown above the chat until it is
 * taken down or its end comes. One row per room that ever pinned something; taking the pin down empties the row
 * rather than deleting it, so {@link #version} keeps growing across every change: whoever holds two words about the
 * room's pin keeps the one with the higher version.
 */
@Entity
@Table(name = "pins")
public class Pin {

    @Id
    @Column(name = "stream_id")
    private long streamId;

    @Column(name = "version", nullable = false)
    private long version;

    @Column(name = "text", length = 16000)
    private String text;

    @Column(name = "item_id")
    private Long itemId;

    @Column(name = "item_seq")
    private Long itemSeq;

    @Column(name = "author_id")
    private Long authorId;

    @Column(name = "author_name", length = 64)
    private String authorName;

    @Column(name = "author_avatar", length = 512)
    private String authorAvatar;

    @Column(name = "pinned_by")
    private Long pinnedBy;

    @Column(name = "pinned_by_name", length = 64)
    private String pinnedByName;

    @Column(name = "pinned_at")
    private Instant pinnedAt;

    @Column(name = "until_at")
    private Instant until;

    protected Pin() {
    }

    /** A room's row before its first pin: nothing pinned, version 0. */
    public static Pin none(long streamId) {
        var pin = new Pin();
        pin.streamId = streamId;
        return pin;
    }

    /**
     * Pins a text in place of whatever was pinned, and raises the version.
     *
     * @param item  the room's item the text comes from, or {@code null} for a new text
     * @param until the end, or {@code null}: until taken down
     */
    public void pin(String text, Source item, Person author, Person pinner, Instant now, Instant until) {
        this.text = Objects.requireNonNull(text);
        this.itemId = item == null ? null : item.id();
        this.itemSeq = item == null ? null : item.seq();
        this.authorId = author.id();
        this.authorName = author.displayName();
        this.authorAvatar = author.avatarUrl();
        this.pinnedBy = pinner.id();
        this.pinnedByName = pinner.displayName();
        this.pinnedAt = Objects.requireNonNull(now);
        if (until != null && !until.isAfter(now)) {
            throw new IllegalArgumentException("a pin ends after it is made");
        }
        this.until = until;
        this.version++;
    }

    /**
     * Takes the pin down, and raises the version.
     *
     * @return whether something was pinned at {@code now} (a pin past its end is nothing)
     */
    public boolean unpin(Instant now) {
        if (!inForce(now)) {
            return false;
        }
        text = null;
        itemId = null;
        itemSeq = null;
        authorId = null;
        authorName = null;
        authorAvatar = null;
        pinnedBy = null;
        pinnedByName = null;
        pinnedAt = null;
        until = null;
        version++;
        return true;
    }

    /** Whether something is pinned at that moment. */
    public boolean inForce(Instant now) {
        return text != null && (until == null || until.isAfter(now));
    }

    /** Whether the pin in force shows the room's item with that seq. */
    public boolean shows(long seq, Instant now) {
        return inForce(now) && itemSeq != null && itemSeq == seq;
    }

    public long streamId() {
        return streamId;
    }

    public long version() {
        return version;
    }

    public String text() {
        return text;
    }

    public Optional<Long> itemId() {
        return Optional.ofNullable(itemId);
    }

    public Optional<Long> itemSeq() {
        return Optional.ofNullable(itemSeq);
    }

    public Person author() {
        return new Person(authorId == null ? 0 : authorId, authorName, authorAvatar);
    }

    public Person pinnedBy() {
        return new Person(pinnedBy == null ? 0 : pinnedBy, pinnedByName, null);
    }

    public Instant pinnedAt() {
        return pinnedAt;
    }

    public Optional<Instant> until() {
        return Optional.ofNullable(until);
    }

    /** Who wrote the text, or who pinned it, as the room saw them then. */
    public record Person(long id, String displayName, String avatarUrl) {
    }

    /** The room's item a pinned text was taken from. */
    public record Source(long id, long seq) {
    }
}
