package com.liveroom.rooms.control;

import com.liveroom.rooms.entity.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Looks a room number up in the database, in a transaction of its own: sockets call this, and outside a
 * transaction the container ties the entity manager to the socket thread's invocation, which other work of the
 * container may end under it ("closed EntityManager"). {@link Streams} keeps what it finds.
 */
@ApplicationScoped
public class RoomNumbers {

    @PersistenceContext
    EntityManager em;

    @Transactional
    public Optional<Long> idOf(String roomNumber) {
        return em.createNamedQuery(Stream.BY_ROOM_NUMBER, Stream.class)
                .setParameter("roomNumber", roomNumber)
                .getResultStream()
                .findFirst()
                .map(Stream::id);
    }
}
