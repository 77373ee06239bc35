package com.liveroom.moderation.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.identity.entity.User;
import com.liveroom.moderation.entity.AuditEntry;
import com.liveroom.moderation.entity.BlockedTerm;
import com.liveroom.moderation.entity.Moderator;
import com.liveroom.moderation.entity.Sanction;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.ChatItem;
import com.liveroom.rooms.entity.Stream;
import com.liveroom.rooms.entity.TermsMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every moderation change, each in its own transaction together with its audit entry: there is no change
 * without its entry and no entry without its change. Nothing here checks who may act; {@link Moderation} does.
 * <p>
 * Every change first locks the room's row ({@code SELECT ... FOR UPDATE}) and only then reads what it is about to
 * change: the changes of one room queue on that lock, on every server sharing the database, so of two identical
 * actions at the same moment the second sees what the first committed (a second removal finds nothing and is 404;
 * a second appointment finds the moderator and changes nothing). No two transactions insert the same key, so none
 * fails at commit over it.
 */
@ApplicationScoped
public class ModerationStore {

    static final int MAX_AUDITED_CONTENT = 1000;

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    // ---- moderators

    /** Appoints a moderator; unchanged when the user already is one. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Outcome<NamedModerator> appoint(long streamId, long userId, Caller host) {
        Stream stream = locked(streamId);
        User user = user(userId);
        if (stream.isHostedBy(userId)) {
            throw Refusal.badRequest("the host already runs the room");
        }
        Moderator known = em.find(Moderator.class, new Moderator.Key(streamId, userId));
        if (known != null) {
            return Outcome.unchanged(new NamedModerator(known, user.displayName(), user.avatarUrl()));
        }
        var moderator = new Moderator(streamId, userId, host.id(), clock.instant());
        em.persist(moderator);
        audit(streamId, host, "moderator.appoint", userId, null, Json.createObjectBuilder()
                .add("displayName", user.displayName()));
        return Outcome.changed(new NamedModerator(moderator, user.displayName(), user.avatarUrl()));
    }

    /** Removes a moderator; 404 when the user is not one (or no longer). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void dismiss(long streamId, long userId, Caller host) {
        locked(streamId);
        Moderator moderator = em.find(Moderator.class, new Moderator.Key(streamId, userId));
        if (moderator == null) {
            throw Refusal.notFound("user " + userId + " is not a moderator of this room");
        }
        em.remove(moderator);
        audit(streamId, host, "moderator.remove", userId, null, Json.createObjectBuilder()
                .add("displayName", user(userId).displayName()));
    }

    public boolean isModerator(long streamId, long userId) {
        return em.find(Moderator.class, new Moderator.Key(streamId, userId)) != null;
    }

    /** The room's moderators with their users' names, oldest appointment first. */
    public List<NamedModerator> moderators(long streamId) {
        return em.createQuery("select new com.liveroom.moderation.control.NamedModerator(m, u.displayName, u.avatarUrl)"
                        + " from Moderator m, User u where u.id = m.userId and m.streamId = :stream"
                        + " order by m.appointedAt, m.userId", NamedModerator.class)
                .setParameter("stream", streamId).getResultList();
    }

    // ---- items

    /** Takes an item out of the room's history; 404 when the room has no such item (or it is already gone). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ChatItem delete(long streamId, long itemId, Caller actor) {
        locked(streamId);
        ChatItem item = em.find(ChatItem.class, itemId);
        if (item == null || item.streamId() != streamId || item.isDeleted()) {
            throw Refusal.notFound("no item " + itemId + " in this room");
        }
        em.persist(item.delete(actor.id(), clock.instant()));
        String content = item.content();
        audit(streamId, actor, "item.delete", item.userId(), item.id(), Json.createObjectBuilder()
                .add("seq", item.seq())
                .add("type", item.type().wire())
                .add("author", item.displayName())
                .add("content", content.length() > MAX_AUDITED_CONTENT ? content.substring(0, MAX_AUDITED_CONTENT) : content));
        return item;
    }

    // ---- mutes and bans

    /**
     * Mutes until a time, or bans (no end). Muting again sets the new end and reason; banning again with the
     * reason the ban in force has changes nothing, with another reason replaces it.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Outcome<NamedSanction> impose(long streamId, long userId, Sanction.Kind kind, Instant until, String reason,
                                         Caller actor) {
        Stream stream = locked(streamId);
        User user = user(userId);
        if (stream.isHostedBy(userId) || isModerator(streamId, userId)) {
            throw Refusal.forbidden("the host and moderators cannot be muted or banned");
        }
        Instant now = clock.instant();
        Sanction sanction = em.find(Sanction.class, new Sanction.Key(streamId, userId, kind));
        if (sanction == null) {
            sanction = new Sanction(streamId, userId, kind, until, reason, actor.id(), now);
            em.persist(sanction);
        } else if (kind == Sanction.Kind.BAN && Objects.equals(sanction.reason(), reason)) {
            return Outcome.unchanged(new NamedSanction(sanction, user.displayName()));
        } else {
            sanction.renew(until, reason, actor.id(), now);
        }
        JsonObjectBuilder detail = Json.createObjectBuilder().add("displayName", user.displayName());
        if (until != null) {
            detail.add("until", until.toString()).add("seconds", until.getEpochSecond() - now.getEpochSecond());
        }
        if (reason != null) {
            detail.add("reason", reason);
        }
        audit(streamId, actor, kind == Sanction.Kind.MUTE ? "user.mute" : "user.ban", userId, null, detail);
        return Outcome.changed(new NamedSanction(sanction, user.displayName()));
    }

    /** Lifts a mute or ban; 404 when none is in force. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void lift(long streamId, long userId, Sanction.Kind kind, Caller actor) {
        locked(streamId);
        Sanction sanction = em.find(Sanction.class, new Sanction.Key(streamId, userId, kind));
        boolean inForce = sanction != null && sanction.inForce(clock.instant());
        if (sanction != null) {
            em.remove(sanction);
        }
        String what = kind == Sanction.Kind.MUTE ? "muted" : "banned";
        if (!inForce) {
            throw Refusal.notFound("user " + userId + " is not " + what + " in this room");
        }
        audit(streamId, actor, kind == Sanction.Kind.MUTE ? "user.unmute" : "user.unban", userId, null,
                Json.createObjectBuilder().add("displayName", user(userId).displayName()));
    }

    /** The mutes or bans in force in the room, with their users' names. */
    public List<NamedSanction> sanctions(long streamId, Sanction.Kind kind) {
        return em.createQuery("select new com.liveroom.moderation.control.NamedSanction(s, u.displayName)"
                        + " from Sanction s, User u where u.id = s.userId and s.streamId = :stream"
                        + " and s.kind = :kind and (s.until is null or s.until > :now) order by s.imposedAt, s.userId",
                        NamedSanction.class)
                .setParameter("stream", streamId).setParameter("kind", kind).setParameter("now", clock.instant())
                .getResultList();
    }

    // ---- room settings

    /** Closes the room, or reopens it; false when it already was so (nothing changes then). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean close(long streamId, boolean closing, Caller actor) {
        Stream stream = locked(streamId);
        boolean changed = closing ? stream.close() : stream.reopen();
        if (changed) {
            audit(streamId, actor, closing ? "room.close" : "room.reopen", null, null, Json.createObjectBuilder());
        }
        return changed;
    }

    /** Changes the given settings (null: leave as is); the stream as it is afterwards. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Outcome<Stream> settings(long streamId, Integer slowModeSeconds, TermsMode mode, Integer chatBudget,
                                    Caller actor) {
        Stream stream = locked(streamId);
        int slowBefore = stream.slowModeSeconds();
        boolean slowChanged = slowModeSeconds != null && stream.changeSlowMode(slowModeSeconds);
        if (slowChanged) {
            audit(streamId, actor, "room.slow-mode", null, null, Json.createObjectBuilder()
                    .add("from", slowBefore).add("to", slowModeSeconds));
        }
        TermsMode modeBefore = stream.blockedTermsMode();
        boolean modeChanged = mode != null && stream.changeTermsMode(mode);
        if (modeChanged) {
            audit(streamId, actor, "room.terms-mode", null, null, Json.createObjectBuilder()
                    .add("from", modeBefore.wire()).add("to", mode.wire()));
        }
        Integer budgetBefore = stream.chatBudget().orElse(null);
        boolean budgetChanged = chatBudget != null && stream.changeChatBudget(chatBudget);
        if (budgetChanged) {
            var detail = Json.createObjectBuilder().add("to", chatBudget);
            if (budgetBefore == null) {
                detail.addNull("from");
            } else {
                detail.add("from", budgetBefore);
            }
            audit(streamId, actor, "room.chat-budget", null, null, detail);
        }
        return new Outcome<>(stream, slowChanged || modeChanged || budgetChanged);
    }

    // ---- blocked terms

    /** Adds a term; the one already there when its normalised form is known. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public BlockedTerm addTerm(long streamId, String term, String normalized, Caller actor) {
        locked(streamId);
        var known = em.createNamedQuery(BlockedTerm.BY_NORMALIZED, BlockedTerm.class)
                .setParameter("stream", streamId).setParameter("normalized", normalized)
                .getResultStream().findFirst();
        if (known.isPresent()) {
            return known.get();
        }
        var blocked = new BlockedTerm(streamId, term, normalized, actor.id(), clock.instant());
        em.persist(blocked);
        em.flush();
        audit(streamId, actor, "term.add", null, null, Json.createObjectBuilder().add("id", blocked.id()).add("term", term));
        return blocked;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void removeTerm(long streamId, long termId, Caller actor) {
        locked(streamId);
        BlockedTerm term = em.find(BlockedTerm.class, termId);
        if (term == null || term.streamId() != streamId) {
            throw Refusal.notFound("no blocked term " + termId + " in this room");
        }
        em.remove(term);
        audit(streamId, actor, "term.remove", null, null, Json.createObjectBuilder().add("id", termId).add("term", term.term()));
    }

    public List<BlockedTerm> terms(long streamId) {
        return em.createNamedQuery(BlockedTerm.OF_STREAM, BlockedTerm.class).setParameter("stream", streamId).getResultList();
    }

    // ---- audit

    public List<AuditEntry> audit(long streamId, int page, int perPage) {
        return em.createNamedQuery(AuditEntry.NEWEST, AuditEntry.class)
                .setParameter("stream", streamId)
                .setFirstResult((page - 1) * perPage)
                .setMaxResults(perPage)
                .getResultList();
    }

    public long auditCount(long streamId) {
        return em.createNamedQuery(AuditEntry.COUNT, Long.class).setParameter("stream", streamId).getSingleResult();
    }

    private void audit(long streamId, Caller actor, String action, Long targetUser, Long targetItem, JsonObjectBuilder detail) {
        JsonObject written = detail.build();
        em.persist(new AuditEntry(streamId, actor.id(), actor.displayName(), action, targetUser, targetItem,
                written.toString(), clock.instant()));
    }

    private Stream locked(long streamId) {
        Stream stream = em.find(Stream.class, streamId, LockModeType.PESSIMISTIC_WRITE);
        if (stream == null) {
            throw Refusal.notFound("no stream " + streamId);
        }
        return stream;
    }

    private User user(long userId) {
        User user = em.find(User.class, userId);
        if (user == null) {
            throw Refusal.notFound("no user " + userId);
        }
        return user;
    }
}
