package com.liveroom.rooms.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broadcaster's ordering, without a server: items arrive from this server's commits and from the grid in any
 * order, more than once, or not at all; each member still gets the room as one run of seqs, each once.
 */
class BroadcasterTest {

    private static final long ROOM = 7;
    private static final Pattern SEQ = Pattern.compile("\\\\\"seq\\\\\":(\\d+)");

    private final List<ItemView> database = new ArrayList<>();
    private final List<Long> fills = new ArrayList<>();
    private Broadcaster broadcaster;

    @BeforeEach
    void wire() {
        broadcaster = new Broadcaster();
        broadcaster.registry = new RoomRegistry();
        broadcaster.codec = new FrameCodec();
        broadcaster.history = new History() {
            @Override
            public List<ItemView> after(long streamId, long seq, int limit) {
                fills.add(seq);
                return database.stream().filter(i -> i.stream() == streamId && i.seq() > seq).limit(limit).toList();
            }
        };
        Counter counter = proxy(Counter.class, null);
        broadcaster.metrics = proxy(MetricRegistry.class, counter);
    }

    @Test
    void anItemThatOvertakesTheOnesBeforeItBringsThemFromTheDatabaseFirst() {
        commit(1, 2, 3, 4, 5);
        Member member = join(0);
        broadcast(1, 2, 4);
        broadcast(3, 5);
        assertEquals(seqs(1, 5), member.seqs());
        assertEquals(List.of(2L), fills, "one read for the gap after 2");
    }

    @Test
    void anItemThatComesTwiceOrLateIsSentOnce() {
        commit(1, 2, 3);
        Member member = join(0);
        broadcast(1, 2, 3, 2, 1, 3);
        assertEquals(seqs(1, 3), member.seqs());
        assertEquals(List.of(), fills);
    }

    @Test
    void aMemberJoinedAheadOfTheRoomsLineGetsOnlyWhatIsNewToIt() {
        commit(1, 2, 3, 4, 5, 6);
        Member early = join(0);
        broadcast(1, 2);
        // the database stood at 4 when the second member joined (its replay covered 1..4); 3 and 4 are on their way
        Member late = join(4);
        broadcast(3, 4, 5, 6);
        assertEquals(seqs(1, 6), early.seqs());
        assertEquals(seqs(5, 6), late.seqs());
    }

    @Test
    void catchingUpSendsWhatTheDatabaseHoldsBeyondTheLine() {
        commit(1, 2, 3, 4);
        Member member = join(0);
        broadcast(1, 2);
        // 3 and 4 were committed by a server that died before it published them
        broadcaster.catchUp();
        assertEquals(seqs(1, 4), member.seqs());
    }

    @Test
    void aRoomWithoutMembersHereKeepsNoLine() {
        commit(1, 2, 3);
        broadcast(1, 2, 3);
        Member member = join(3);
        commit(4, 5);
        broadcast(5);
        assertEquals(List.of(4L, 5L), member.seqs(), "joined at 3: the gap 4 is read, then 5");
    }

    private void commit(long... seqs) {
        for (long seq : seqs) {
            database.add(item(seq));
        }
    }

    private void broadcast(long... seqs) {
        broadcaster.broadcast(LongStream.of(seqs).mapToObj(BroadcasterTest::item).toList());
    }

    private Member join(long seq) {
        var member = new Member();
        broadcaster.admit(ROOM, member.connection, seq);
        return member;
    }

    private static ItemView item(long seq) {
        return new ItemView(seq * 10, "message", 1, "Mei", null, ROOM, "m" + seq, "2026-11-27T08:00:00.000+08:00", seq,
                "e1");
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** A member's socket whose frames are written at once, on the caller's thread. */
    private static final class Member {
        final List<String> frames = new CopyOnWriteArrayList<>();
        final Connection connection;

        Member() {
            RemoteEndpoint.Basic remote = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Basic.class}, (p, method, args) -> {
                        if (method.getName().equals("sendText") && args.length == 1) {
                            frames.add((String) args[0]);
                        }
                        return null;
                    });
            Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Session.class}, (p, method, args) -> switch (method.getName()) {
                        case "getBasicRemote" -> remote;
                        case "getId" -> "member";
                        default -> null;
                    });
            connection = new Connection(session, Runnable::run, 1 << 20, new ChatMetrics() {
                @Override
                public void frameSent() {
                    // no registry in a unit test
                }
            });
        }

        List<Long> seqs() {
            List<Long> seqs = new ArrayList<>();
            for (String frame : frames) {
                Matcher seq = SEQ.matcher(frame);
                if (seq.find()) {
                    seqs.add(Long.parseLong(seq.group(1)));
                }
            }
            return seqs;
        }
    }

    /** An interface whose every method does nothing, except that it may hand out one value. */
    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object returned) {
        return (T) Proxy.newProxyInstance(BroadcasterTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> returned != null && method.getReturnType().isInstance(returned) ? returned : null);
    }
}
