package com.liveroom.rooms.control;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in which room on this server. Read on every broadcast and changed on every join and leave.
 * <p>
 * Concurrency: bean-managed; each room's members are a concurrent set inside a concurrent map, so a
 * broadcast iterates a weakly consistent view and never blocks a join.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RoomRegistry {

    private final Map<Long, Set<Connection>> rooms = new ConcurrentHashMap<>();

    public void join(long streamId, Connection connection) {
        connection.rooms().add(streamId);
        rooms.computeIfAbsent(streamId, id -> ConcurrentHashMap.newKeySet()).add(connection);
        // a socket that closed while its join was queued has already left everything: take it out again
        if (connection.isClosed()) {
            leaveAll(connection);
        }
    }

    public void leaveAll(Connection connection) {
        for (Long streamId : connection.rooms()) {
            rooms.computeIfPresent(streamId, (id, members) -> {
                members.remove(connection);
                return members.isEmpty() ? null : members;
            });
        }
        connection.rooms().clear();
    }

    /** Takes a connection out of one room (a banned user); the socket stays open for its other rooms. */
    public void leave(long streamId, Connection connection) {
        connection.rooms().remove(streamId);
        rooms.computeIfPresent(streamId, (id, members) -> {
            members.remove(connection);
            return members.isEmpty() ? null : members;
        });
    }

    /** The rooms that have members on this server. */
    public Set<Long> occupied() {
        return rooms.keySet();
    }

    public Collection<Connection> members(long streamId) {
        Set<Connection> members = rooms.get(streamId);
        return members == null ? List.of() : members;
    }

    /**
     * Who is in the room on this server: distinct users, however many sockets each has open (two tabs of one
     * viewer are one viewer). Collected on demand, in one pass over the room's members.
     */
    public Set<Long> users(long streamId) {
        Set<Long> users = new java.util.HashSet<>();
        for (Connection member : members(streamId)) {
            member.identity().ifPresent(identity -> users.add(identity.caller().id()));
        }
        return users;
    }

    /** Rooms with at least one member on this server; a room leaves the map with its last member. */
    public int occupiedRooms() {
        return rooms.size();
    }
}
