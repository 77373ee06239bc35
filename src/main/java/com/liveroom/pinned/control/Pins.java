package com.liveroom.pinned.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.moderation.entity.AuditEntry;
import com.liveroom.pinned.entity.Pin;
import com.liveroom.platform.control.Clocks;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Each room's pin in the database, and every change of it with its audit entry in one transaction. Every change
 * first locks the room's row, then reads the pin: the changes of one room queue on that lock on every server, so of
 * two pins at the same moment the second replaces the first (each raising the version once), and of two unpins the
 * second finds nothing (404). Nothing here checks who may act; {@link Pinning} does.
 */
@ApplicationScoped
public class Pins {

    static final int MAX_AUDITED_TEXT = 1000;

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Clocks clocks;

    /** The room's pin as it stands now: nothing pinned when it never pinned anything, or its pin has ended. */
    public PinState current(long streamId) {
        Stream stream = em.find(Stream.class, streamId);
        if (stream == null) {
            throw Refusal.notFound("no stream " + streamId);
        }
        Pin pin = em.find(Pin.class, streamId);
        return state(stream, pin == null ? Pin.none(streamId) : pin, clock.instant());
    }

    /**
     * Pins a new text, or the text of one of the room's items ({@code itemId}, then {@code text} is ignored), for
     * {@code seconds} or until taken down ({@code null}), in place of whatever was pinned.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public PinState pin(long streamId, String text, Long itemId, Long seconds, Caller pinner) {
        Stream stream = locked(streamId);
        Instant now = clock.instant();
        Pin pin = row(streamId);
        boolean replacing = pin.inForce(now);
        String replaced = replacing ? pin.text() : null;
        Instant until = seconds == null ? null : now.plusSeconds(seconds);
        Pin.Person me = new Pin.Person(pinner.id(), pinner.displayName(), pinner.avatarUrl());
        Long targetUser = null;
        if (itemId != null) {
            ChatItem item = em.find(ChatItem.class, itemId);
            if (item == null || item.streamId() != streamId || item.isDeleted()) {
                throw Refusal.notFound("no item " + itemId + " in this room");
            }
            PinnedText taken = PinnedText.of(item, stream);
            pin.pin(taken.text(), new Pin.Source(item.id(), item.seq()), taken.author(), me, now, until);
            targetUser = item.userId();
        } else {
            pin.pin(text, null, me, me, now, until);
        }
        JsonObjectBuilder detail = Json.createObjectBuilder()
                .add("version", pin.version())
                .add("text", clip(pin.text()));
        if (seconds != null) {
            detail.add("seconds", seconds).add("until", clocks.format(until));
        }
        if (replaced != null) {
            detail.add("replaced", clip(replaced));
        }
        audit(streamId, pinner, "pin.set", targetUser, itemId, detail, now);
        return state(stream, pin, now);
    }

    /** Takes the room's pin down; 404 when nothing is pinned (never was, taken down already, or ended). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public PinState unpin(long streamId, Caller actor) {
        Stream stream = locked(streamId);
        Instant now = clock.instant();
        Pin pin = em.find(Pin.class, streamId);
        String text = pin == null ? null : pin.text();
        if (pin == null || !pin.unpin(now)) {
            throw Refusal.notFound("nothing is pinned in this room");
        }
        audit(streamId, actor, "pin.remove", null, null, Json.createObjectBuilder()
                .add("version", pin.version())
                .add("text", clip(text)), now);
        return state(stream, pin, now);
    }

    /**
     * Takes the pin down if it shows the room's item with that seq (the item was deleted); the deletion's own audit
     * entry records it.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<PinState> itemGone(long streamId, long seq) {
        Pin unlocked = em.find(Pin.class, streamId);
        Instant now = clock.instant();
        if (unlocked == null || !unlocked.shows(seq, now)) {
            return Optional.empty();
        }
        Stream stream = locked(streamId);
        Pin pin = em.find(Pin.class, streamId);
        em.refresh(pin);
        if (!pin.shows(seq, now)) {
            return Optional.empty();
        }
        pin.unpin(now);
        return Optional.of(state(stream, pin, now));
    }

    private PinState state(Stream stream, Pin pin, Instant now) {
        return PinState.of(stream.id(), stream.roomNumber(), pin.version(),
                pin.inForce(now) ? PinView.of(pin, clocks) : null);
    }

    private Pin row(long streamId) {
        Pin pin = em.find(Pin.class, streamId);
        if (pin == null) {
            pin = Pin.none(streamId);
            em.persist(pin);
        }
        return pin;
    }

    private Stream locked(long streamId) {
        Stream stream = em.find(Stream.class, streamId, LockModeType.PESSIMISTIC_WRITE);
        if (stream == null) {
            throw Refusal.notFound("no stream " + streamId);
        }
        return stream;
    }

    private void audit(long streamId, Caller actor, String action, Long targetUser, Long targetItem,
                       JsonObjectBuilder detail, Instant now) {
        em.persist(new AuditEntry(streamId, actor.id(), actor.displayName(), action, targetUser, targetItem,
                detail.build().toString(), now));
    }

    private static String clip(String text) {
        return text.length() > MAX_AUDITED_TEXT ? text.substring(0, MAX_AUDITED_TEXT) : text;
    }
}
