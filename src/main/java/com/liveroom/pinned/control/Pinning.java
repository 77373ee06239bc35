package com.liveroom.pinned.control;

import com.liveroom.chat.control.ContentRules;
import com.liveroom.identity.entity.Caller;
import com.liveroom.moderation.control.Moderation;
import com.liveroom.moderation.control.Roles;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.control.RoomEvent;
import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * What the host and moderators do with a room's pin, and what everyone may read of it. Each change is checked
 * (role, then content) before anything is stored, committed with its audit entry ({@link Pins}), then told to the
 * room as event 260 with the new version; delivery keeps the highest version it has heard of per room, so members
 * end on the pin in force whatever order two changes' events arrive in.
 */
@ApplicationScoped
public class Pinning {

    public static final int MIN_SECONDS = 30;
    public static final int MAX_SECONDS = 3600;

    private static final Logger LOG = System.getLogger(Pinning.class.getName());

    @Inject
    Roles roles;

    @Inject
    ContentRules content;

    @Inject
    Moderation moderation;

    @Inject
    Pins pins;

    @Inject
    Frames frames;

    @Inject
    Event<RoomEvent> told;

    /**
     * Pins a new text or one of the room's items, for {@code seconds} (the boundary checks the range) or until taken
     * down, replacing whatever was pinned. The new text meets the rules of a chat message: not empty, not too long,
     * and the room's blocked terms refuse it or are masked.
     */
    public PinState pin(long streamId, Caller caller, String text, Long itemId, Long seconds) {
        roles.requireModerator(streamId, caller, "pin announcements");
        if ((text == null) == (itemId == null)) {
            throw Refusal.badRequest("give either text or itemId");
        }
        String shown = text == null ? null : moderation.screen(streamId, content.accept(text, "the text"), "the text");
        PinState state = pins.pin(streamId, shown, itemId, seconds, caller);
        tell(state, "pinned");
        return state;
    }

    public PinState unpin(long streamId, Caller caller) {
        roles.requireModerator(streamId, caller, "take down the pinned announcement");
        PinState state = pins.unpin(streamId, caller);
        tell(state, "unpinned");
        return state;
    }

    public PinState current(long streamId) {
        return pins.current(streamId);
    }

    /** The room's pin as event 260 shows it, read from the database: for delivery, when it loads a room. */
    public String frame(long streamId) {
        return frames.event(WireCodes.PINNED, "pinned", pins.current(streamId));
    }

    /**
     * An item was deleted (an event that supersedes it): a pin that shows it goes too. Runs where the deletion was
     * made, once; the deletion's own answer waits for it, and is not failed by it.
     */
    void itemDeleted(@Observes RoomEvent event) {
        if (event.supersedes() <= 0) {
            return;
        }
        try {
            pins.itemGone(event.stream(), event.supersedes()).ifPresent(state -> tell(state, "unpinned"));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "room {0}: the pin of a deleted item could not be taken down: {1}", event.stream(),
                    e.toString());
        }
    }

    private void tell(PinState state, String msg) {
        told.fire(RoomEvent.toRoom(state.stream(), frames.event(WireCodes.PINNED, msg, state)));
    }
}
