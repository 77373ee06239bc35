package com.liveroom.moderation.control;

import com.liveroom.moderation.entity.BlockedTerm;
import com.liveroom.moderation.entity.Moderator;
import com.liveroom.moderation.entity.Sanction;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A small cache of each room's {@link RoomState} in front of the database, which stays the source of truth.
 * <p>
 * Invalidation: every moderation change evicts the room's entry once its transaction has committed, here and (a
 * {@link RulesChanged} event the cluster relays), on every other server of a cluster, so the next message anywhere
 * sees it. Should that word be lost, another server sees the change when its entry ages out, after at most
 * {@code liveroom.moderation.cache-seconds}. A load that raced with an eviction (it read before the commit and
 * would store after the eviction) is used once but not kept: loads are stamped with a change counter and kept
 * only if no eviction happened meanwhile.
 * A read is only a read: a ban's word that was lost is made good by the socket sweeper, which reads these rules.
 * <p>
 * Concurrency: a concurrent map of immutable snapshots; two threads missing at once both load, which is harmless.
 */
@ApplicationScoped
public class RoomRules {

    @Inject
    RoomRules self;

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<RulesChanged> changed;

    @Inject
    @ConfigProperty(name = "liveroom.moderation.cache-seconds", defaultValue = "5")
    long cacheSeconds;

    @Inject
    @ConfigProperty(name = "liveroom.moderation.blocked-terms")
    Optional<String> globalTerms;

    @Inject
    @ConfigProperty(name = "liveroom.delivery.chat-budget", defaultValue = "0")
    int defaultChatBudget;

    private final Map<Long, RoomState> rooms = new ConcurrentHashMap<>();
    private final AtomicLong evictions = new AtomicLong();
    private volatile List<String> global;

    /** The room's rules as of at most a few seconds ago; 404 for an unknown stream. */
    public RoomState of(long streamId) {
        RoomState known = rooms.get(streamId);
        if (known != null && System.nanoTime() - known.loadedAtNanos() < TimeUnit.SECONDS.toNanos(cacheSeconds)) {
            return known;
        }
        long stamp = evictions.get();
        RoomState loaded = self.load(streamId);
        if (evictions.get() == stamp) {
            rooms.put(streamId, loaded);
        }
        if (rooms.size() > 10_000) {
            rooms.values().removeIf(s -> System.nanoTime() - s.loadedAtNanos() > TimeUnit.SECONDS.toNanos(cacheSeconds));
        }
        return loaded;
    }

    /** Forgets the room's rules on every server; call after the transaction that changed them has committed. */
    public void evict(long streamId) {
        forget(streamId);
        changed.fire(new RulesChanged(streamId));
    }

    /** Forgets the room's rules on this server: another server changed them. */
    public void forget(long streamId) {
        evictions.incrementAndGet();
        rooms.remove(streamId);
    }

    /** The room's chat budget in force: its own, or the server's ({@code liveroom.delivery.chat-budget}). */
    public int chatBudget(Stream stream) {
        return stream.chatBudget().orElse(Math.max(0, defaultChatBudget));
    }

    /** The terms blocked in every room ({@code liveroom.moderation.blocked-terms}, comma-separated), normalised. */
    public List<String> globalTerms() {
        List<String> terms = global;
        if (terms == null) {
            terms = globalTerms.map(list -> List.of(list.split(","))).orElse(List.of()).stream()
                    .map(String::strip).filter(t -> !t.isEmpty()).map(TermFilter::normalize)
                    .filter(t -> !t.isEmpty()).distinct().toList();
            global = terms;
        }
        return terms;
    }

    /**
     * Reads a room's rules in a transaction of its own (through {@code self}): sockets call {@link #of}, and
     * outside a transaction the container ties the entity manager to the socket thread's invocation, which other
     * work of the container may end under it. Public, because the container intercepts only public methods here.
     */
    @Transactional
    public RoomState load(long streamId) {
        Stream stream = em.find(Stream.class, streamId);
        if (stream == null) {
            throw Refusal.notFound("no stream " + streamId);
        }
        Instant now = clock.instant();
        Set<Long> moderators = em.createNamedQuery(Moderator.OF_STREAM, Moderator.class)
                .setParameter("stream", streamId).getResultStream().map(Moderator::userId)
                .collect(Collectors.toUnmodifiableSet());
        Map<Long, RoomState.Restriction> mutes = new HashMap<>();
        Map<Long, RoomState.Restriction> bans = new HashMap<>();
        em.createNamedQuery(Sanction.IN_FORCE, Sanction.class)
                .setParameter("stream", streamId).setParameter("now", now)
                .getResultStream()
                .forEach(s -> (s.kind() == Sanction.Kind.MUTE ? mutes : bans)
                        .put(s.userId(), new RoomState.Restriction(s.until(), s.reason())));
        List<String> terms = em.createNamedQuery(BlockedTerm.OF_STREAM, BlockedTerm.class)
                .setParameter("stream", streamId).getResultStream().map(BlockedTerm::normalized).toList();
        return new RoomState(streamId, stream.roomNumber(), stream.hostId(), stream.closed(), stream.slowModeSeconds(),
                stream.blockedTermsMode(), chatBudget(stream), moderators, Map.copyOf(mutes), Map.copyOf(bans), terms, System.nanoTime());
    }
}
