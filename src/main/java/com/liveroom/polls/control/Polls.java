package com.liveroom.polls.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.identity.entity.User;
import com.liveroom.moderation.control.Moderation;
import com.liveroom.moderation.control.Roles;
import com.liveroom.platform.control.Refusal;
import com.liveroom.polls.control.PollStore.Snapshot;
import com.liveroom.polls.entity.Poll;
import com.liveroom.polls.entity.PollStatus;
import com.liveroom.rooms.control.Streams;
import com.liveroom.rooms.entity.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the host, its moderators and the viewers do with polls: the host side drafts, edits, deletes, opens and
 * closes them (each checked against {@link Roles}, each audited by {@link PollStore}); everyone votes and reads.
 * Each change is told to whoever may see it once it has committed: a draft to the room's runners alone, an open or
 * closed poll to the room, and counts through the {@link ResultsTicker}. A draft does not exist for viewers: they
 * get 404 for it, as for a poll that is not there.
 */
@ApplicationScoped
public class Polls {

    @Inject
    Roles roles;

    @Inject
    Streams streams;

    @Inject
    Moderation moderation;

    @Inject
    PollStore store;

    @Inject
    PollViews views;

    @Inject
    PollEvents events;

    @Inject
    ResultsTicker ticker;

    public PollView create(long streamId, Caller host, PollDraft draft) {
        Stream stream = roles.requireModerator(streamId, host, "create polls");
        Snapshot created = store.create(streamId, host, draft);
        events.toRunners(stream, views.forRoom(created));
        return views.forReader(created, List.of());
    }

    public PollView edit(long pollId, Caller host, PollDraft draft) {
        Stream stream = runnersPoll(pollId, host, "edit polls");
        PollStore.Change change = store.edit(pollId, host, draft);
        if (change.changed()) {
            events.toRunners(stream, views.forRoom(change.poll()));
        }
        return views.forReader(change.poll(), List.of());
    }

    public PollView delete(long pollId, Caller host) {
        Stream stream = runnersPoll(pollId, host, "delete polls");
        PollView deleted = views.forRoom(store.delete(pollId, host), "deleted");
        events.toRunners(stream, deleted);
        return deleted;
    }

    public PollView open(long pollId, Caller host) {
        runnersPoll(pollId, host, "open polls");
        PollStore.Change change = store.open(pollId, host);
        if (change.changed()) {
            events.toRoom(views.forRoom(change.poll()));
        }
        return views.forReader(change.poll(), store.voteOf(pollId, host.id()));
    }

    /** The 240 of a closed poll carries its final counts, read in the closing transaction. */
    public PollView close(long pollId, Caller host) {
        runnersPoll(pollId, host, "close polls");
        PollStore.Change change = store.close(pollId, host);
        if (change.changed()) {
            events.toRoom(views.forRoom(change.poll()));
        }
        return views.forReader(change.poll(), store.voteOf(pollId, host.id()));
    }

    /** Makes {@code choice} the caller's vote; an empty choice takes it back. A user banned from the room may not. */
    public Vote vote(long pollId, Caller voter, List<Integer> choice) {
        Poll visible = visible(pollId, voter, true);
        moderation.requireWelcome(visible.streamId(), voter.id());
        PollStore.Ballot ballot = store.vote(pollId, voter.id(), new TreeSet<>(choice));
        if (ballot.changed()) {
            ticker.changed(pollId);
        }
        Poll poll = ballot.poll().poll();
        return new Vote(poll.streamId(), pollId, ballot.mine(), ballot.poll().counts(), poll.voters(), poll.version(),
                ballot.changed());
    }

    public Vote voteOf(long pollId, Caller voter) {
        Snapshot poll = store.snapshot(visible(pollId, voter, false).id());
        return new Vote(poll.poll().streamId(), pollId, store.voteOf(pollId, voter.id()), poll.counts(),
                poll.poll().voters(), poll.poll().version(), false);
    }

    public PollView read(long pollId, Caller reader) {
        Snapshot poll = store.snapshot(visible(pollId, reader, false).id());
        return views.forReader(poll, store.voteOf(pollId, reader.id()));
    }

    /** A room's polls, newest first: open and closed ones for viewers, drafts too for its runners. */
    public PollPage list(long streamId, Caller reader, int page, int perPage) {
        Stream stream = streams.existing(streamId);
        var states = roles.mayModerate(stream, reader.id()) ? EnumSet.allOf(PollStatus.class)
                : EnumSet.of(PollStatus.OPEN, PollStatus.CLOSED);
        PollStore.Listing listing = store.list(streamId, states, page, perPage);
        Map<Long, List<Integer>> mine = store.votesAmong(reader.id(),
                listing.polls().stream().map(p -> p.poll().id()).toList());
        return new PollPage(streamId, listing.polls().stream()
                .map(p -> views.forReader(p, mine.getOrDefault(p.poll().id(), List.of()))).toList(),
                page, perPage, listing.total());
    }

    /** Who chose each option: for the room's runners, and never for a poll with anonymous results (403). */
    public Voters voters(long pollId, Caller host) {
        runnersPoll(pollId, host, "see who voted");
        Snapshot poll = store.snapshot(pollId);
        if (poll.poll().isAnonymous()) {
            throw Refusal.forbidden("the results of poll " + pollId + " are anonymous: nobody may see who voted for what");
        }
        List<List<User>> chosen = store.voters(poll);
        List<Voters.Option> options = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            options.add(new Voters.Option(i, poll.labels().get(i), chosen.get(i).stream()
                    .map(u -> new Voters.Voter(u.id(), u.displayName(), u.avatarUrl())).toList()));
        }
        return new Voters(poll.poll().streamId(), pollId, options);
    }

    /** The poll's stream, when the caller runs it; 403 otherwise, 404 when there is no such poll. */
    private Stream runnersPoll(long pollId, Caller caller, String action) {
        return roles.requireModerator(store.existing(pollId).streamId(), caller, action);
    }

    /**
     * The poll, when the caller may see it: a draft is the runners' alone (404 to anyone else; to a runner voting in
     * it, 409, as it is not open).
     */
    private Poll visible(long pollId, Caller reader, boolean voting) {
        Poll poll = store.existing(pollId);
        if (poll.status() == PollStatus.DRAFT) {
            if (!roles.mayModerate(streams.existing(poll.streamId()), reader.id())) {
                throw Refusal.notFound("no poll " + pollId);
            }
            if (voting) {
                throw PollStore.conflict(poll, "voted in");
            }
        }
        return poll;
    }

    /** A vote's outcome, or the reader's vote ({@code mine}, ascending indexes, empty for none) with the counts. */
    public record Vote(long stream, long pollId, List<Integer> mine, List<Integer> counts, int voters, long version,
                       boolean changed) {
    }

    public record PollPage(long stream, List<PollView> items, int page, int resultsPerPage, long total) {
    }

    public record Voters(long stream, long pollId, List<Option> options) {

        public record Option(int index, String label, List<Voter> voters) {
        }

        public record Voter(long id, String displayName, String avatarUrl) {
        }
    }
}
