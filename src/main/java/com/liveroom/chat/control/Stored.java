package com.liveroom.chat.control;

import com.liveroom.rooms.entity.ChatItem;

/** The outcome of one post: the item it is stored as, and whether this post stored it or an earlier one did. */
public record Stored(ChatItem item, boolean repeat) {
}
