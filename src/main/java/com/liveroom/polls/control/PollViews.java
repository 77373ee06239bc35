package com.liveroom.polls.control;

import com.liveroom.platform.control.Clocks;
import com.liveroom.polls.control.PollStore.Snapshot;
import com.liveroom.polls.entity.Poll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/** Makes {@link PollView}s: as the room sees a poll in an event, or as one reader sees it, with its own vote. */
@ApplicationScoped
public class PollViews {

    @Inject
    Clocks clocks;

    public PollView forRoom(Snapshot snapshot) {
        return view(snapshot, null, null);
    }

    /** With a status other than the poll's own: a deleted draft is told as {@code deleted}. */
    public PollView forRoom(Snapshot snapshot, String status) {
        return view(snapshot, status, null);
    }

    /** {@code mine}: the reader's vote, empty when it has none. */
    public PollView forReader(Snapshot snapshot, List<Integer> mine) {
        return view(snapshot, null, mine);
    }

    private PollView view(Snapshot snapshot, String status, List<Integer> mine) {
        Poll poll = snapshot.poll();
        return new PollView(poll.id(), poll.streamId(), poll.question(), snapshot.labels(), poll.isMultiple(),
                poll.isAnonymous(), status == null ? poll.status().wire() : status, snapshot.counts(), poll.voters(),
                poll.version(), clocks.format(poll.createdAt()), format(poll.openedAt()), format(poll.closedAt()), mine);
    }

    private String format(Instant instant) {
        return instant == null ? null : clocks.format(instant);
    }
}
