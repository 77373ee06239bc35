package com.liveroom.likes.control;

import com.liveroom.likes.entity.LikeTotal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * The like totals in the database: read when a room's total is first needed, raised by the persisting tick and at
 * shutdown. Only ever raised, so that servers writing at the same moment cannot lower what another wrote: the
 * higher total stands. Each call is a transaction of its own.
 * <p>
 * Concurrency: stateless; the database orders the writes of several servers.
 */
@ApplicationScoped
public class LikeStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    /** The room's persisted total, 0 when nothing was ever persisted. */
    @Transactional
    public long total(long streamId) {
        LikeTotal row = em.find(LikeTotal.class, streamId);
        return row == null ? 0 : row.total();
    }

    /**
     * Writes the total unless the row already holds as much or more. A row that two servers insert at the same
     * moment fails one of them at commit (the key): that one raises it at its next tick.
     */
    @Transactional
    public void raise(long streamId, long total) {
        int raised = em.createNamedQuery(LikeTotal.RAISE).setParameter("total", total)
                .setParameter("now", clock.instant()).setParameter("stream", streamId).executeUpdate();
        if (raised == 0 && total > 0 && em.find(LikeTotal.class, streamId) == null) {
            em.persist(new LikeTotal(streamId, total, clock.instant()));
        }
    }
}
