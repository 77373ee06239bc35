package com.liveroom.rooms.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.identity.entity.User;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.entity.Stream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Creates streams and finds them, by id or by the room number the socket frames name them with. */
@ApplicationScoped
public class Streams {

    private static final int ROOM_NUMBER_DIGITS = 8;

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    RoomNumbers lookup;

    private final SecureRandom random = new SecureRandom();
    /** Room numbers never change, so a number once resolved stays resolved. */
    private final Map<String, Long> byRoomNumber = new ConcurrentHashMap<>();
    private final Map<Long, String> roomNumbers = new ConcurrentHashMap<>();

    @Transactional
    public Stream create(Caller host, String title, String orgName, String orgLogo) {
        User hostUser = em.find(User.class, host.id());
        if (hostUser == null) {
            throw Refusal.unauthorized("the token names a user this server does not know");
        }
        var stream = new Stream(freeRoomNumber(), title, orgName, orgLogo, hostUser, newEpoch(), clock.instant());
        em.persist(stream);
        return stream;
    }

    public Optional<Stream> find(long id) {
        return Optional.ofNullable(em.find(Stream.class, id));
    }

    public Stream existing(long id) {
        return find(id).orElseThrow(() -> Refusal.notFound("no stream " + id));
    }

    /** The stream a socket frame names by its room number; 404 when there is none. */
    public long idOfExistingRoom(String roomNumber) {
        return idOfRoom(roomNumber).orElseThrow(() -> Refusal.notFound("no room " + roomNumber));
    }

    public Optional<Long> idOfRoom(String roomNumber) {
        Long known = byRoomNumber.get(roomNumber);
        if (known != null) {
            return Optional.of(known);
        }
        var found = lookup.idOf(roomNumber);
        found.ifPresent(id -> {
            byRoomNumber.put(roomNumber, id);
            roomNumbers.put(id, roomNumber);
        });
        return found;
    }

    /** The stream of a room number this server has already resolved (every joined room's), without the database. */
    public Optional<Long> knownRoom(String roomNumber) {
        return Optional.ofNullable(byRoomNumber.get(roomNumber));
    }

    /** The room number of a stream whose number this server has already resolved (every joined room's), without the database. */
    public Optional<String> knownRoomNumber(long id) {
        return Optional.ofNullable(roomNumbers.get(id));
    }

    private String freeRoomNumber() {
        while (true) {
            String candidate = Integer.toString(10_000_000 + random.nextInt(90_000_000));
            if (candidate.length() == ROOM_NUMBER_DIGITS && idOfRoom(candidate).isEmpty()) {
                return candidate;
            }
        }
    }

    private String newEpoch() {
        byte[] bytes = new byte[4];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
