package com.liveroom.pinned.control;

import com.liveroom.pinned.entity.Pin;
import com.liveroom.platform.control.Clocks;

/**
 * A pin as clients read it, in REST answers and in event 260.
 *
 * @param text     what is pinned
 * @param itemId   the room's item it was taken from; absent for a new text
 * @param author   who wrote it: the pinner for a new text, the item's author (as the item shows it) for an item
 * @param pinnedBy the host or moderator who pinned it
 * @param pinnedAt when, as {@code createdat} is written
 * @param until    when it ends by itself; absent: when taken down
 */
public record PinView(String text, Long itemId, Author author, Author pinnedBy, String pinnedAt, String until) {

    public static PinView of(Pin pin, Clocks clocks) {
        Pin.Person author = pin.author();
        Pin.Person pinner = pin.pinnedBy();
        return new PinView(pin.text(), pin.itemId().orElse(null),
                new Author(author.id(), author.displayName(), author.avatarUrl()),
                new Author(pinner.id(), pinner.displayName(), null),
                clocks.format(pin.pinnedAt()), pin.until().map(clocks::format).orElse(null));
    }

    /** A person as the pin names them. */
    public record Author(long id, String displayName, String avatarUrl) {
    }
}
