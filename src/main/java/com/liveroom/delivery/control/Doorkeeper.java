package com.liveroom.delivery.control;

import com.liveroom.identity.entity.Caller;
import com.liveroom.moderation.control.Moderation;
import com.liveroom.pinned.control.Pinning;
import com.liveroom.platform.control.Refusal;
import com.liveroom.rooms.control.History;
import com.liveroom.rooms.control.ItemView;
import com.liveroom.rooms.control.Streams;
import com.liveroom.rooms.entity.Stream;
import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets sockets into rooms, on the fan-out thread, in order with the room's items: what a resuming member is
 * replayed is exactly what came before its place in the room, and everything after reaches it live. A join or a
 * resume whose gap is in the room's log is answered from memory; only a room not yet loaded here, or an older gap,
 * reads the database, and that read is shared by the resumes of the same room that follow ({@link ResumeReads}). A gap
 * larger than the replay cap, or a history of another epoch, is never replayed in part: the member is told (410) to
 * reload from history and continues live. Right after its 201 (or 410) a member is given what the room has pinned.
 */
@ApplicationScoped
public class Doorkeeper {

    private static final Logger LOG = System.getLogger(Doorkeeper.class.getName());

    @Inject
    Streams streams;

    @Inject
    History history;

    @Inject
    RoomRegistry registry;

    @Inject
    FanOut fanOut;

    @Inject
    Frames frames;

    @Inject
    Moderation moderation;

    @Inject
    Pinning pinning;

    @Inject
    @ConfigProperty(name = "liveroom.resume.replay-cap", defaultValue = "1000")
    int replayCap;

    @Inject
    @ConfigProperty(name = "liveroom.limits.rooms-per-connection", defaultValue = "5")
    int maxRooms;

    @Inject
    @ConfigProperty(name = "liveroom.resume.shared-read-ms", defaultValue = "2000")
    long sharedReadMs;

    /** The fan-out thread's, like everything {@link #admit} touches. */
    private ResumeReads resumeReads;

    @PostConstruct
    void start() {
        resumeReads = new ResumeReads(sharedReadMs, replayCap);
    }

    /**
     * A socket asks into a room: checked here (the room exists, the socket is in few enough rooms, the user is
     * welcome), then queued; its answer (a replay and 201, or a refusal) reaches the member in order with the room.
     * Frames after this join on the same socket may already speak in the room.
     */
    public void ask(Member member, Caller caller, Inbound.Join join) {
        long streamId = streams.idOfExistingRoom(join.topic());
        if (member.roomCount() >= maxRooms && !member.isIn(streamId)) {
            throw new Refusal(Refusal.TOO_MANY, "a socket may be in at most " + maxRooms + " rooms");
        }
        moderation.requireWelcome(streamId, caller.id());
        member.enter(streamId);
        // only a room not yet loaded here answers from the database, which may be ahead of the fan-out's queue
        long asked = registry.occupied().contains(streamId) ? -1 : streams.existing(streamId).lastSeq();
        var admission = new Admission(member, streamId, join.topic(), join.since(), join.epoch(), asked);
        fanOut.execute(() -> admit(admission));
    }

    private void admit(Admission admission) {
        Member member = admission.member();
        if (member.isClosed()) {
            return;
        }
        try {
            welcome(admission);
            RoomLog room = registry.room(admission.streamId());
            if (room == null) {
                room = load(admission);
                if (!admission.resuming() && admission.asked() >= 0 && room.holdsAfter(admission.asked())) {
                    // the room's items since the socket asked are on their way to it from the database's side:
                    // it is joined where the database stood then, and given what came after as live items
                    registry.send(member, WireFrame.of(frames.event(WireCodes.JOINED, "joined",
                            new Joined(admission.topic(), room.streamId, room.epoch, admission.asked(), 0))));
                    registry.sendPinned(member, room);
                    registry.seatAfter(member, room, admission.asked());
                    return;
                }
            }
            seat(admission, room);
        } catch (Refusal refused) {
            member.exit(admission.streamId());
            registry.send(member, WireFrame.of(frames.error(refused.code(), refused.getMessage())));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a join failed: {0}", e.toString());
            member.exit(admission.streamId());
            registry.send(member, WireFrame.of(frames.error(Refusal.UNAVAILABLE, "could not join: try again")));
        }
    }

    /**
     * A ban checked again here, in order with the room's events: a ban's removal of the user's sockets runs on this
     * thread too, so a join is either refused or let in and then removed, never let in after it.
     */
    private void welcome(Admission admission) {
        moderation.requireWelcome(admission.streamId(), admission.member().userId());
    }

    /** A room's first member here: its line and its recent items, from the database. */
    private RoomLog load(Admission admission) {
        Stream stream = streams.existing(admission.streamId());
        long last = stream.lastSeq();
        int recent = (int) Math.min(last, registry.logItems());
        List<ItemView> items = recent == 0 ? List.of() : history.after(stream.id(), last - recent, recent);
        // the pin as the database has it now (read before the room is loaded: a failed read loads nothing); a change
        // still on its way here is newer and replaces it
        String pinned = pinning.frame(stream.id());
        RoomLog room = registry.load(stream.id(), stream.roomNumber(), stream.epoch(), last, items);
        registry.pinned(room, pinned);
        return room;
    }

    private void seat(Admission admission, RoomLog room) {
        Member member = admission.member();
        long line = room.line();
        if (!admission.resuming()) {
            registry.seat(member, room);
            registry.send(member, joined(admission, room, 0));
            registry.sendPinned(member, room);
            return;
        }
        long since = admission.since();
        boolean sameHistory = room.epoch.equals(admission.epoch()) && since >= 0 && since <= line;
        if (!sameHistory || line - since > replayCap) {
            registry.seat(member, room);
            registry.send(member, WireFrame.of(frames.event(WireCodes.GONE, sameHistory
                    ? "too far behind: reload from history" : "the room's history has changed: reload from history",
                    state(admission, room, 0))));
            registry.sendPinned(member, room);
            return;
        }
        List<WireFrame> missed = room.holdsAfter(since) ? room.itemsAfter(since)
                : resumeReads.after(room, since, line, this::read);
        registry.seat(member, room);
        registry.sendAll(member, missed);
        registry.send(member, joined(admission, room, missed.size()));
        registry.sendPinned(member, room);
    }

    /** A room's items in {@code (from, to]} from the database, as its members receive them. */
    private List<ResumeReads.Seqd> read(long streamId, long from, long to) {
        return history.after(streamId, from, (int) (to - from)).stream().filter(item -> item.seq() <= to)
                .map(item -> new ResumeReads.Seqd(item.seq(), registry.frameOf(item))).toList();
    }

    private WireFrame joined(Admission admission, RoomLog room, int replayed) {
        return WireFrame.of(frames.event(WireCodes.JOINED, "joined", state(admission, room, replayed)));
    }

    private static Joined state(Admission admission, RoomLog room, int replayed) {
        return new Joined(admission.topic(), room.streamId, room.epoch, room.line(), replayed);
    }

    /** What a member learns on joining: where the room's history stands, and how many items it was replayed. */
    public record Joined(String topic, long stream, String epoch, long seq, int replayed) {
    }
}
