package com.liveroom.polls.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.identity.entity.User;
import com.liveroom.moderation.entity.AuditEntry;
import com.liveroom.platform.control.Refusal;
import com.liveroom.polls.entity.Poll;
import com.liveroom.polls.entity.PollOption;
import com.liveroom.polls.entity.PollStatus;
import com.liveroom.polls.entity.PollVote;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Polls in the database. Every change is one transaction that locks what it changes and reads it again under the
 * lock, so identical calls at the same moment act one after the other, on every server; a host-side change writes
 * its {@link AuditEntry} in the same transaction.
 * <p>
 * Locks, always in this order: the stream's row (opening a poll takes it, so that two polls of a room cannot open
 * at once), then the poll's row. A vote takes only the poll's row: the votes of one poll queue on it, which keeps
 * each option's count and the number of voters equal to the votes stored, and a vote and the poll's closing cannot
 * cross (a vote is counted before the close, or refused after it).
 */
@ApplicationScoped
public class PollStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    public Poll existing(long pollId) {
        Poll poll = em.find(Poll.class, pollId);
        if (poll == null) {
            throw Refusal.notFound("no poll " + pollId);
        }
        return poll;
    }

    @Transactional
    public Snapshot create(long streamId, Caller by, PollDraft draft) {
        var poll = new Poll(streamId, draft.question(), draft.multiple(), draft.anonymous(), by, clock.instant());
        em.persist(poll);
        List<PollOption> options = persistOptions(poll.id(), draft.options());
        audit(poll, by, "poll.create", Json.createObjectBuilder().add("question", poll.question())
                .add("options", Json.createArrayBuilder(draft.options())));
        return new Snapshot(poll, options);
    }

    /** Changes a draft; 409 once it is open or closed. Options given replace all of them. */
    @Transactional
    public Change edit(long pollId, Caller by, PollDraft draft) {
        Poll poll = locked(pollId);
        requireDraft(poll, "edited");
        boolean changed = poll.edit(draft.question(), draft.multiple(), draft.anonymous());
        List<PollOption> options = options(List.of(pollId));
        if (draft.options() != null && !draft.options().equals(labels(options))) {
            options.forEach(em::detach);
            em.createNamedQuery(PollOption.REMOVE).setParameter("poll", pollId).executeUpdate();
            options = persistOptions(pollId, draft.options());
            changed = true;
        }
        if (changed) {
            audit(poll, by, "poll.edit", Json.createObjectBuilder().add("question", poll.question())
                    .add("options", Json.createArrayBuilder(labels(options)))
                    .add("multiple", poll.isMultiple()).add("anonymous", poll.isAnonymous()));
        }
        return new Change(new Snapshot(poll, options), changed);
    }

    /** Removes a draft; 409 once it is open or closed (its results stay). */
    @Transactional
    public Snapshot delete(long pollId, Caller by) {
        Poll poll = locked(pollId);
        requireDraft(poll, "deleted");
        List<PollOption> options = options(List.of(pollId));
        audit(poll, by, "poll.delete", Json.createObjectBuilder().add("question", poll.question()));
        options.forEach(em::detach);
        em.createNamedQuery(PollOption.REMOVE).setParameter("poll", pollId).executeUpdate();
        em.remove(poll);
        return new Snapshot(poll, options);
    }

    /**
     * Opens a draft. Opening an open poll changes nothing; a closed one is never opened again (409), nor is a poll
     * while another of the room is open (409).
     */
    @Transactional
    public Change open(long pollId, Caller by) {
        long streamId = em.createNamedQuery(Poll.STREAM_OF, Long.class).setParameter("id", pollId).getResultStream()
                .findFirst().orElseThrow(() -> Refusal.notFound("no poll " + pollId));
        lockStream(streamId);
        Poll poll = locked(pollId);
        if (poll.status() == PollStatus.OPEN) {
            return new Change(snapshot(poll), false);
        }
        if (poll.status() == PollStatus.CLOSED) {
            throw conflict(poll, "opened again");
        }
        List<Long> open = em.createNamedQuery(Poll.IN_STATE, Long.class).setParameter("stream", streamId)
                .setParameter("status", PollStatus.OPEN).getResultList();
        if (!open.isEmpty()) {
            throw new Refusal(Refusal.CONFLICT, "poll " + open.get(0) + " is open in this room: close it first");
        }
        poll.open(clock.instant());
        audit(poll, by, "poll.open", Json.createObjectBuilder().add("question", poll.question()));
        return new Change(snapshot(poll), true);
    }

    /** Closes an open poll with its final counts; closing a closed poll changes nothing; a draft 409. */
    @Transactional
    public Change close(long pollId, Caller by) {
        Poll poll = locked(pollId);
        if (poll.status() == PollStatus.CLOSED) {
            return new Change(snapshot(poll), false);
        }
        if (poll.status() == PollStatus.DRAFT) {
            throw conflict(poll, "closed");
        }
        poll.close(clock.instant());
        Snapshot closed = snapshot(poll);
        audit(poll, by, "poll.close", Json.createObjectBuilder().add("question", poll.question())
                .add("counts", Json.createArrayBuilder(closed.counts())).add("voters", poll.voters()));
        return new Change(closed, true);
    }

    /**
     * Makes {@code choice} the user's vote in an open poll, replacing any earlier one; an empty choice takes the
     * vote back. The same vote again changes nothing.
     */
    @Transactional
    public Ballot vote(long pollId, long userId, SortedSet<Integer> choice) {
        Poll poll = locked(pollId);
        if (poll.status() != PollStatus.OPEN) {
            throw conflict(poll, choice.isEmpty() ? "voted in (nor a vote taken back)" : "voted in");
        }
        List<PollOption> options = options(List.of(pollId));
        if (!choice.isEmpty()) {
            if (choice.first() < 0 || choice.last() >= options.size()) {
                throw Refusal.badRequest("options are numbered 0 to " + (options.size() - 1));
            }
            if (!poll.isMultiple() && choice.size() != 1) {
                throw Refusal.badRequest("this poll takes exactly one option");
            }
        }
        List<PollVote> earlier = em.createNamedQuery(PollVote.OF_USER, PollVote.class).setParameter("poll", pollId)
                .setParameter("user", userId).getResultList();
        SortedSet<Integer> before = earlier.stream().map(PollVote::index).collect(Collectors.toCollection(TreeSet::new));
        boolean changed = !before.equals(choice);
        if (changed) {
            var now = clock.instant();
            for (PollVote vote : earlier) {
                if (!choice.contains(vote.index())) {
                    options.get(vote.index()).count(-1);
                    em.remove(vote);
                }
            }
            for (int index : choice) {
                if (!before.contains(index)) {
                    options.get(index).count(+1);
                    em.persist(new PollVote(pollId, userId, index, now));
                }
            }
            poll.tally(before.isEmpty() ? 1 : choice.isEmpty() ? -1 : 0);
        }
        return new Ballot(new Snapshot(poll, options), List.copyOf(choice), changed);
    }

    /** The user's vote in the poll (indexes, ascending), empty when none. */
    public List<Integer> voteOf(long pollId, long userId) {
        return em.createNamedQuery(PollVote.OF_USER, PollVote.class).setParameter("poll", pollId)
                .setParameter("user", userId).getResultStream().map(PollVote::index).toList();
    }

    /** Each listed poll's id with the reader's vote in it, for the polls the reader voted in. */
    public Map<Long, List<Integer>> votesAmong(long userId, Collection<Long> pollIds) {
        if (pollIds.isEmpty()) {
            return Map.of();
        }
        return em.createNamedQuery(PollVote.MINE_AMONG, PollVote.class).setParameter("user", userId)
                .setParameter("polls", pollIds).getResultStream()
                .collect(Collectors.groupingBy(PollVote::pollId, Collectors.mapping(PollVote::index, Collectors.toList())));
    }

    /** Who chose each option, in the options' order, earliest first. */
    public List<List<User>> voters(Snapshot poll) {
        List<List<User>> voters = new ArrayList<>();
        poll.options().forEach(option -> voters.add(new ArrayList<>()));
        em.createNamedQuery(PollVote.VOTERS, Object[].class).setParameter("poll", poll.poll().id()).getResultStream()
                .forEach(row -> voters.get((Integer) row[0]).add((User) row[1]));
        return voters;
    }

    public Snapshot snapshot(long pollId) {
        return snapshot(existing(pollId));
    }

    public Listing list(long streamId, Set<PollStatus> states, int page, int perPage) {
        List<Poll> polls = em.createNamedQuery(Poll.OF_STREAM, Poll.class).setParameter("stream", streamId)
                .setParameter("states", states).setFirstResult((page - 1) * perPage).setMaxResults(perPage)
                .getResultList();
        long total = em.createNamedQuery(Poll.COUNT, Long.class).setParameter("stream", streamId)
                .setParameter("states", states).getSingleResult();
        Map<Long, List<PollOption>> options = options(polls.stream().map(Poll::id).toList()).stream()
                .collect(Collectors.groupingBy(PollOption::pollId));
        return new Listing(polls.stream().map(p -> new Snapshot(p, options.getOrDefault(p.id(), List.of()))).toList(),
                total);
    }

    /**
     * A poll's counts as last committed, with its room's number; empty once the poll is gone. In a transaction of its
     * own: it is read on the results ticker's long-lived thread, where an entity manager outside a transaction would
     * never be closed.
     */
    @Transactional
    public Optional<PollResults> results(long pollId) {
        Poll poll = em.find(Poll.class, pollId);
        if (poll == null) {
            return Optional.empty();
        }
        Stream stream = em.find(Stream.class, poll.streamId());
        Snapshot snapshot = snapshot(poll);
        return Optional.of(new PollResults(poll.streamId(), stream.roomNumber(), pollId, snapshot.counts(),
                poll.voters(), poll.version()));
    }

    private Snapshot snapshot(Poll poll) {
        return new Snapshot(poll, options(List.of(poll.id())));
    }

    private List<PollOption> options(List<Long> pollIds) {
        if (pollIds.isEmpty()) {
            return List.of();
        }
        return em.createNamedQuery(PollOption.OF_POLLS, PollOption.class).setParameter("polls", pollIds).getResultList();
    }

    private List<PollOption> persistOptions(long pollId, List<String> labels) {
        List<PollOption> options = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            var option = new PollOption(pollId, i, labels.get(i));
            em.persist(option);
            options.add(option);
        }
        return options;
    }

    private static List<String> labels(List<PollOption> options) {
        return options.stream().map(PollOption::label).toList();
    }

    private Poll locked(long pollId) {
        // the poll is not in this transaction's persistence context yet, so this reads it under the lock
        Poll poll = em.find(Poll.class, pollId, LockModeType.PESSIMISTIC_WRITE);
        if (poll == null) {
            throw Refusal.notFound("no poll " + pollId);
        }
        return poll;
    }

    private void lockStream(long streamId) {
        if (em.find(Stream.class, streamId, LockModeType.PESSIMISTIC_WRITE) == null) {
            throw Refusal.notFound("no stream " + streamId);
        }
    }

    private static void requireDraft(Poll poll, String step) {
        if (poll.status() != PollStatus.DRAFT) {
            throw conflict(poll, step);
        }
    }

    /** 409: the poll is not in a state that allows the step. */
    static Refusal conflict(Poll poll, String step) {
        return new Refusal(Refusal.CONFLICT, "poll " + poll.id() + " is " + poll.status().wire() + " and cannot be " + step);
    }

    private void audit(Poll poll, Caller actor, String action, JsonObjectBuilder detail) {
        em.persist(new AuditEntry(poll.streamId(), actor.id(), actor.displayName(), action, null, null,
                detail.add("poll", poll.id()).build().toString(), clock.instant()));
    }

    /** A poll with its options (and their counts) as read in one transaction. */
    public record Snapshot(Poll poll, List<PollOption> options) {

        public List<Integer> counts() {
            return options.stream().map(PollOption::votes).toList();
        }

        public List<String> labels() {
            return PollStore.labels(options);
        }
    }

    /** What a step left, and whether it changed anything (an unchanged step is neither audited nor told). */
    public record Change(Snapshot poll, boolean changed) {
    }

    /** A vote's outcome: the poll's counts right after it, the user's vote now, and whether this call changed it. */
    public record Ballot(Snapshot poll, List<Integer> mine, boolean changed) {
    }

    public record Listing(List<Snapshot> polls, long total) {
    }
}
