package com.liveroom.chat.control;

import com.liveroom.rooms.entity.ChatItem;
import java.util.List;

/** Fired once the writer's transaction has committed these items, in commit order. */
public record ItemsCommitted(List<ChatItem> items) {
}
