package com.liveroom.delivery.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.identity.control.Tokens;
import com.liveroom.identity.entity.Caller;
import com.liveroom.rooms.control.History;
import com.liveroom.rooms.control.ItemView;
import com.liveroom.rooms.control.RoomEvent;
import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out's bookkeeping without a server: items arrive from this server's commits and from the grid in any order,
 * more than once, or not at all; members write at once or later; each member still gets the room as one run of seqs,
 * each once, in as few writes as the bound allows, and a member that falls behind the log is given up.
 */
class RoomRegistryTest {

    private static final long ROOM = 7;
    private static final long HOST = 9;
    private static final String AT = "2026-11-27T08:00:00.000+08:00";
    private static final Pattern SEQ = Pattern.compile("\\\\\"seq\\\\\":(\\d+)");

    private final List<ItemView> database = new ArrayList<>();
    private final List<Long> fills = new ArrayList<>();
    private final List<Runnable> everySecond = new ArrayList<>();
    private final List<CloseReason.CloseCode> closes = new ArrayList<>();
    private RoomRegistry registry;
    private long shedChat;
    private final List<Integer> budgets = new ArrayList<>();
    private long shedAmbient;
    private RoomLog room;

    @BeforeEach
    void wire() {
        registry = new RoomRegistry();
        registry.frames = new Frames();
        registry.history = new History() {
            @Override
            public List<ItemView> after(long streamId, long seq, int limit) {
                fills.add(seq);
                return database.stream().filter(i -> i.stream() == streamId && i.seq() > seq).limit(limit).toList();
            }
        };
        registry.fanOut = new FanOut() {
            private final List<Runnable> afterEachRun = new ArrayList<>();
            private int depth;

            @Override
            public void afterEachRun(Runnable work) {
                afterEachRun.add(work);
            }

            @Override
            public void everySecond(Runnable work) {
                everySecond.add(work);
            }

            /** Runs the task at once; the pass follows the outermost task, as it follows a run of tasks. */
            @Override
            public void execute(Runnable task) {
                depth++;
                try {
                    task.run();
                } finally {
                    depth--;
                }
                if (depth == 0) {
                    afterEachRun.forEach(Runnable::run);
                }
            }
        };
        registry.closer = new SocketCloser() {
            @Override
            public boolean close(Member member, CloseReason.CloseCode code, String reason) {
                if (member.markClosing()) {
                    closes.add(code);
                    return true;
                }
                return false;
            }
        };
        registry.metrics = new DeliveryMetrics() {
            @Override
            void roomsActive(int rooms) {
            }

            @Override
            void written(int frames) {
            }

            @Override
            void slowConsumerClosed() {
            }

            @Override
            void gapFilled() {
            }

            @Override
            void chatBudget(long streamId, int perSecond) {
                budgets.add(perSecond);
            }

            @Override
            void shed(long streamId, long chat, long ambient) {
                shedChat += chat;
                shedAmbient += ambient;
            }

            @Override
            void roomGone(long streamId) {
            }
        };
        registry.budgets = new ChatBudgets() {
            @Override
            void readSoon(long streamId) {
                // the tests hand the registry each room's rules themselves
            }
        };
        registry.writeBytes = 64 * 1024;
        registry.logItems = 100;
        registry.logBytes = 1 << 20;
        registry.outboxBytes = 1 << 20;
        registry.skipNoticeMs = 1000;
        registry.ambientIntervalMs = 1000;
        registry.passBudgetMs = 200;
        registry.laggingShare = 0.1;
        registry.governing = true;
        registry.governedFromMembers = 4;
        registry.start();
        room = registry.load(ROOM, "12345678", "e1", 0, List.of());
    }

    @Test
    void anItemThatOvertakesTheOnesBeforeItBringsThemFromTheDatabaseFirst() {
        commit(1, 2, 3, 4, 5);
        Socket member = join();
        deliver(1, 2, 4);
        deliver(3, 5);
        assertEquals(seqs(1, 5), member.seqs());
        assertEquals(List.of(2L), fills, "one read for the gap after 2");
    }

    @Test
    void anItemThatComesTwiceOrLateIsSentOnce() {
        commit(1, 2, 3);
        Socket member = join();
        deliver(1, 2, 3, 2, 1, 3);
        assertEquals(seqs(1, 3), member.seqs());
        assertEquals(List.of(), fills);
    }

    @Test
    void catchingUpSendsWhatTheDatabaseHoldsBeyondTheLine() {
        commit(1, 2, 3, 4);
        Socket member = join();
        deliver(1, 2);
        // 3 and 4 were committed by a server that died before it published them
        registry.catchUpFromDatabase();
        assertEquals(seqs(1, 4), member.seqs());
    }

    @Test
    void membersThatAreCaughtUpShareOneBatchOfSeveralFramesPerWrite() {
        Socket first = join();
        Socket second = join();
        String bulk = "x".repeat(1000);
        registry.fanOut.execute(() -> {
            // twenty items arrive between two passes: over 8 KB, under the 64 KB bound
            for (long seq = 1; seq <= 20; seq++) {
                database.add(item(seq, bulk));
                registry.deliver(List.of(item(seq, bulk)));
            }
        });
        assertEquals(seqs(1, 20), first.seqs());
        assertEquals(seqs(1, 20), second.seqs());
        assertEquals(1, first.writes.size(), "one write for the whole pass");
        assertTrue(first.writes.get(0).remaining() > 8 * 1024);
        assertEquals(first.writes.get(0).array(), second.writes.get(0).array(), "the same bytes for both");
    }

    @Test
    void aPassOverTheWriteBoundGoesOutInWritesOfAtMostTheBound() {
        Socket member = join();
        String bulk = "y".repeat(4000);
        registry.fanOut.execute(() -> {
            for (long seq = 1; seq <= 50; seq++) {
                registry.deliver(List.of(item(seq, bulk)));
            }
        });
        assertEquals(seqs(1, 50), member.seqs());
        assertTrue(member.writes.size() >= 3, "about 200 KB in writes of 64 KB: " + member.writes.size());
        member.writes.forEach(write -> assertTrue(write.remaining() <= 64 * 1024 + 4100, "bounded: " + write.remaining()));
    }

    @Test
    void aMemberWhoseWriteIsPendingCatchesUpFromTheLogWhenItCompletes() {
        Socket slow = join();
        Socket quick = join();
        slow.holdWrites = true;
        deliver(1);
        for (long seq = 2; seq <= 10; seq++) {
            deliver(seq);
        }
        assertEquals(seqs(1, 10), quick.seqs());
        assertEquals(List.of(1L), slow.seqs(), "one write in flight, nothing more meanwhile");
        slow.holdWrites = false;
        slow.completeAll();
        assertEquals(seqs(1, 10), slow.seqs());
        assertEquals(2, slow.writes.size(), "the backlog in one write");
    }

    @Test
    void aFrameForOneMemberComesAfterWhatItsRoomOwedIt() {
        Socket sender = join();
        sender.holdWrites = true;
        deliver(1);
        deliver(2);
        registry.send(sender.member, "{\"code\":202,\"msg\":\"stored\",\"data\":{\"seq\":2}}");
        sender.holdWrites = false;
        sender.completeAll();
        List<String> frames = sender.frames();
        assertEquals(3, frames.size());
        assertTrue(frames.get(2).contains("\"code\":202"), "the ack after the echo: " + frames);
    }

    @Test
    void aRoomEventTakesItsPlaceBetweenTheItems() {
        Socket member = join();
        deliver(1);
        registry.deliver(RoomEvent.toRoom(ROOM, "{\"code\":213,\"msg\":\"closed\"}"));
        deliver(2);
        List<String> frames = member.frames();
        assertTrue(frames.get(1).contains("213"), frames.toString());
        assertEquals(seqs(1, 2), member.seqs());
    }

    @Test
    void aDeletionThatOvertakesItsItemKeepsTheItemFromBeingSentAfterIt() {
        commit(1, 2, 3);
        Socket member = join();
        deliver(1);
        registry.deliver(RoomEvent.deleting(ROOM, 3, "{\"code\":210,\"msg\":\"deleted\"}"));
        deliver(2, 3);
        assertEquals(seqs(1, 2), member.seqs(), "2 filled before the deletion, 3 never sent");
        assertTrue(member.frames().get(2).contains("210"));
    }

    @Test
    void aMemberThatFallsOffTheLogIsClosedWith1013AndTheOthersCarryOn() {
        Socket slow = join();
        Socket quick = join();
        slow.holdWrites = true;
        for (long seq = 1; seq <= 150; seq++) {
            deliver(seq);
        }
        everySecond.forEach(Runnable::run);
        assertEquals(List.of(CloseReason.CloseCodes.TRY_AGAIN_LATER), closes);
        assertTrue(slow.member.isClosed());
        assertFalse(quick.member.isClosed());
        deliver(151);
        assertEquals(seqs(1, 151), quick.seqs());
    }

    // ---- the chat budget

    @Test
    void viewersMessagesOverTheBudgetAreSampledEvenlyAndEachMemberIsToldExactlyWhatItWasNotSent() {
        registry.rules(ROOM, 10, Set.of(HOST));
        List<Socket> members = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            members.add(join());
        }
        long began = System.nanoTime();
        for (long seq = 1; seq <= 300; seq++) {
            deliver(seq);
        }
        // the budget is a second's: a slow machine that took longer may give each member more
        long seconds = Math.max(1, (System.nanoTime() - began + 999_999_999) / 1_000_000_000);
        // what was skipped after a member's last item is told when the notice interval is up
        registry.skipNoticeMs = 0;
        everySecond.forEach(Runnable::run);
        Set<Long> reached = new HashSet<>();
        long total = 0;
        for (Socket member : members) {
            List<Long> got = member.seqs();
            reached.addAll(got);
            total += got.size();
            assertTrue(got.size() < 20 * seconds, "never twice the budget of 10 a second: " + got.size());
            long accounted = got.size();
            for (JsonObject notice : member.codes(WireCodes.SKIPPED)) {
                JsonObject data = notice.getJsonObject("data");
                long from = data.getJsonNumber("from").longValue();
                long to = data.getJsonNumber("to").longValue();
                long notSent = LongStream.rangeClosed(from, to).filter(seq -> !got.contains(seq)).count();
                assertEquals(notSent, data.getInt("skipped"), "the notice counts exactly the seqs of its range not sent");
                assertEquals(10, data.getInt("budget"));
                accounted += data.getInt("skipped");
            }
            assertEquals(300, accounted, "every message was either sent or named as skipped");
            assertNoItemBeyondASeqNotAccountedFor(member);
        }
        // a burst from nothing is dealt by the slots of a rate still being measured: close to the budget, not exact
        assertTrue(total <= 12 * seconds * members.size(), "about the budget on average: " + total);
        assertTrue(reached.stream().anyMatch(seq -> seq > 200), "not just the first messages of the second: " + reached);
        assertTrue(reached.size() > 100, "the members were given different samples: " + reached.size());
        everySecond.forEach(Runnable::run);
        assertTrue(shedChat > 0, "sampled-out messages are counted");
    }

    /** Each item comes after every seq before it was either received or named in a notice: no hole looks like a gap. */
    private static void assertNoItemBeyondASeqNotAccountedFor(Socket member) {
        Set<Long> accounted = new HashSet<>();
        for (String frame : member.frames()) {
            JsonObject json = Json.createReader(new StringReader(frame)).readObject();
            if (json.getInt("code") == WireCodes.SKIPPED) {
                JsonObject data = json.getJsonObject("data");
                LongStream.rangeClosed(data.getJsonNumber("from").longValue(), data.getJsonNumber("to").longValue())
                        .forEach(accounted::add);
            } else if (json.getInt("code") == WireCodes.ITEM) {
                long seq = Json.createReader(new StringReader(json.getString("data"))).readObject()
                        .getJsonNumber("seq").longValue();
                for (long before = 1; before < seq; before++) {
                    assertTrue(accounted.contains(before), "seq " + before + " was neither sent nor named before " + seq);
                }
                accounted.add(seq);
            }
        }
    }

    @Test
    void aSteadyRateOverTheBudgetGivesEachMemberItsBudgetEvenlySpread() {
        assertEvenShares(i -> i * 3_333_333L, 300, "300 a second, one every 3.3 ms");
    }

    @Test
    void messagesCommittedInBurstsStillGiveEachMemberItsBudgetEvenlySpread() {
        Random random = new Random(7);
        long[] commit = new long[2]; // the first message of the next commit, and when the current one came
        // 300 a second in commits of 1 to 9 messages each: a commit's messages come at the time of its first
        assertEvenShares(i -> {
            if (i >= commit[0]) {
                commit[0] = i + 1 + random.nextInt(9);
                commit[1] = i * 3_333_333L;
            }
            return commit[1];
        }, 300, "300 a second in bursts");
    }

    /** Five seconds of messages at these times (ns, from 0); each of 200 members over the last four: 20 a second. */
    private static void assertEvenShares(LongUnaryOperator time, int perSecond, String load) {
        ChatSampler sampler = new ChatSampler();
        sampler.rules(20, Set.of());
        Random random = new Random(11);
        int[] phases = random.ints(200, 0, ChatSampler.CIRCLE).toArray();
        int[] given = new int[phases.length];
        int[] longestGap = new int[phases.length];
        int[] last = new int[phases.length];
        int warm = perSecond;
        for (int i = 0; i < perSecond * 5; i++) {
            long dealt = sampler.deal(time.applyAsLong(i));
            for (int m = 0; m < phases.length; m++) {
                if (i >= warm && (dealt == 0 || ChatSampler.takes(phases[m], (int) (dealt >>> 32), (int) dealt))) {
                    given[m]++;
                    longestGap[m] = Math.max(longestGap[m], i - Math.max(last[m], warm));
                    last[m] = i;
                }
            }
        }
        for (int m = 0; m < phases.length; m++) {
            assertTrue(given[m] >= 72 && given[m] <= 88, load + ": about 20 a second, within 10 %: " + given[m]);
            assertTrue(longestGap[m] <= 45, load + ": evenly spread, never 150 ms without one: " + longestGap[m]);
        }
    }

    @Test
    void essentialItemsAndEventsAreNeverShed() {
        registry.rules(ROOM, 1, Set.of(HOST));
        List<Socket> members = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            members.add(join());
        }
        List<Long> essential = new ArrayList<>();
        for (long seq = 1; seq <= 200; seq++) {
            ItemView item = switch ((int) (seq % 10)) {
                case 3 -> new ItemView(seq * 10, "message", HOST, "Host", null, ROOM, "host " + seq, AT, seq, "e1");
                case 6 -> new ItemView(seq * 10, "question", 5, "Mei", null, ROOM, "{}", AT, seq, "e1");
                case 9 -> new ItemView(seq * 10, "answer", 5, "Mei", null, ROOM, "{}", AT, seq, "e1");
                default -> item(seq, "viewer " + seq);
            };
            if (!"message".equals(item.type()) || item.user() == HOST) {
                essential.add(seq);
            }
            registry.deliver(List.of(item));
            if (seq % 50 == 0) {
                registry.deliver(RoomEvent.toRoom(ROOM, new Frames().event(WireCodes.CLOSED, "closed", Map.of("n", seq))));
            }
        }
        for (Socket member : members) {
            List<Long> got = member.seqs();
            assertTrue(got.containsAll(essential), "every host message, question and answer");
            assertEquals(got.stream().sorted().toList(), got, "in order");
            assertEquals(4, member.codes(WireCodes.CLOSED).size(), "every room event");
            assertTrue(got.size() < 200, "viewers' messages were sampled: " + got.size());
            assertNoItemBeyondASeqNotAccountedFor(member);
        }
    }

    @Test
    void aMemberIsGivenEveryOneOfItsOwnMessages() {
        registry.rules(ROOM, 1, Set.of(HOST));
        Socket mine = join(42);
        Socket other = join(43);
        List<Long> own = new ArrayList<>();
        for (long seq = 1; seq <= 200; seq++) {
            long author = seq % 7 == 0 ? 42 : 1;
            if (author == 42) {
                own.add(seq);
            }
            registry.deliver(List.of(new ItemView(seq * 10, "message", author, "V", null, ROOM, "m", AT, seq, "e1")));
        }
        assertTrue(mine.seqs().containsAll(own), "its own messages: " + mine.seqs());
        assertFalse(other.seqs().containsAll(own), "another member gets a sample of them");
    }

    @Test
    void aCountIsGivenAtMostOncePerIntervalAndOnlyItsLatestValue() {
        Socket member = join();
        Frames frames = new Frames();
        for (int online = 1; online <= 5; online++) {
            registry.deliver(RoomEvent.toRoom(ROOM, frames.event(WireCodes.ONLINE, "online", Map.of("online", online))));
        }
        assertEquals(List.of(1), onlineCounts(member), "the first at once, the rest wait out the interval");
        registry.ambientIntervalMs = 0;
        everySecond.forEach(Runnable::run);
        assertEquals(List.of(1, 5), onlineCounts(member), "then only the latest");
    }

    @Test
    void aMemberThatWasBehindIsGivenOnlyTheLatestOfEachCount() {
        registry.ambientIntervalMs = 0;
        Socket slow = join();
        slow.holdWrites = true;
        deliver(1);
        Frames frames = new Frames();
        for (int votes = 1; votes <= 4; votes++) {
            for (long question = 1; question <= 2; question++) {
                registry.deliver(RoomEvent.toRoom(ROOM, frames.event(WireCodes.VOTES, "votes",
                        Map.of("questionId", question, "votes", votes * question))));
            }
        }
        deliver(2);
        slow.completeAll();
        List<String> votes = slow.codes(WireCodes.VOTES).stream()
                .map(v -> v.getJsonObject("data").getInt("questionId") + "=" + v.getJsonObject("data").getInt("votes"))
                .toList();
        assertEquals(List.of("1=4", "2=8"), votes, "one value per question, the latest");
        assertEquals(seqs(1, 2), slow.seqs());
    }

    @Test
    void aRoomWhoseMembersFallBehindHasItsBudgetLoweredThenRaisedWhenTheyKeepUp() {
        registry.rules(ROOM, 20, Set.of());
        List<Socket> members = fallBehind(4, 40);
        assertEquals(List.of(20, 14), looks(2), "lowered once writes stayed pending at two looks");
        catchUp(members);
        List<Integer> after = looks(12);
        assertEquals(20, after.get(after.size() - 1), "back to the room's budget: " + after);
        assertTrue(after.stream().allMatch(b -> b <= 20));
    }

    @Test
    void aRoomWithNoBudgetIsHeldBelowItsRateWhileItsMembersFallBehindAndReleasedWhenTheyKeepUp() {
        List<Socket> members = fallBehind(4, 40);
        assertEquals(List.of(0, 28), looks(2), "no budget, then 70 % of the 40 messages of the last second");
        catchUp(members);
        List<Integer> after = looks(12);
        assertEquals(0, after.get(after.size() - 1), "no budget again once it keeps up: " + after);
        assertTrue(after.stream().allMatch(b -> b <= 40), "never above the rate: " + after);
    }

    @Test
    void aRoomWithNoBudgetWhoseMembersAreBusyWritingButNotFarBehindIsNotShed() {
        fallBehind(4, 10);
        assertEquals(List.of(0, 0, 0), looks(3), "writes pending, ten items back of a log of a hundred");
        registry.rules(ROOM, 20, Set.of());
        assertEquals(List.of(14, 9), looks(2), "the same room with a budget of its own is held back, look by look");
    }

    @Test
    void aSmallRoomWithNoBudgetIsNotShedWhenAMemberFallsBehind() {
        registry.governedFromMembers = 5;
        fallBehind(4, 40);
        assertEquals(List.of(0, 0, 0), looks(3), "four members, fewer than the five a room with no budget is governed from");
    }

    @Test
    void withTheGovernorOffARoomWhoseMembersFallBehindKeepsItsBudget() {
        registry.governing = false;
        registry.rules(ROOM, 20, Set.of());
        fallBehind(1, 40);
        assertEquals(List.of(20, 20, 20), looks(3));
    }

    /** Members whose writes stay pending while a room's viewers send that many messages. */
    private List<Socket> fallBehind(int count, int messages) {
        List<Socket> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket member = join();
            member.holdWrites = true;
            members.add(member);
        }
        for (long seq = 1; seq <= messages; seq++) {
            deliver(seq);
        }
        return members;
    }

    private static void catchUp(List<Socket> members) {
        members.forEach(m -> {
            m.holdWrites = false;
            m.completeAll();
        });
    }

    /** The budget in force after each of that many of the governor's looks. */
    private List<Integer> looks(int looks) {
        budgets.clear();
        for (int look = 0; look < looks; look++) {
            everySecond.forEach(Runnable::run);
        }
        return List.copyOf(budgets);
    }

    private void commit(long... seqs) {
        for (long seq : seqs) {
            database.add(item(seq, "m" + seq));
        }
    }

    private void deliver(long... seqs) {
        registry.deliver(LongStream.of(seqs).mapToObj(seq -> item(seq, "m" + seq)).toList());
    }

    private Socket join() {
        return join(-1);
    }

    /** A member signed in as the user (-1: not signed in). */
    private Socket join(long user) {
        Socket socket = new Socket();
        if (user >= 0) {
            socket.member.authenticate("t" + user, new Tokens.Verified(new Caller(user, "U", null), Instant.MAX));
        }
        registry.fanOut.execute(() -> registry.seat(socket.member, room));
        return socket;
    }

    private static ItemView item(long seq, String content) {
        return new ItemView(seq * 10, "message", 1, "Mei", null, ROOM, content, "2026-11-27T08:00:00.000+08:00", seq,
                "e1");
    }

    private static List<Integer> onlineCounts(Socket member) {
        return member.codes(WireCodes.ONLINE).stream().map(o -> o.getJsonObject("data").getInt("online")).toList();
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** A member's socket whose writes complete at once, or when the test says. */
    private final class Socket implements Pipe {
        final List<ByteBuffer> writes = new ArrayList<>();
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        final Member member;
        boolean holdWrites;

        Socket() {
            Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Session.class}, (p, method, args) -> method.getName().equals("getId") ? "s" : null);
            member = new Member(session, this);
        }

        @Override
        public CompletableFuture<?> write(Batch batch) {
            writes.add(batch.buffer());
            if (!holdWrites) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> later = new CompletableFuture<>();
            pending.add(later);
            return later;
        }

        void completeAll() {
            List.copyOf(pending).forEach(future -> future.complete(null));
        }

        /** The text of every WebSocket frame written, in order (unmasked server frames, as RFC 6455 lays them out). */
        List<String> frames() {
            List<String> frames = new ArrayList<>();
            for (ByteBuffer write : writes) {
                ByteBuffer bytes = write.duplicate();
                while (bytes.hasRemaining()) {
                    assertEquals((byte) 0x81, bytes.get(), "FIN and a text frame");
                    int length = bytes.get() & 0x7F;
                    long size = length == 126 ? bytes.getShort() & 0xFFFF : length == 127 ? bytes.getLong() : length;
                    byte[] payload = new byte[(int) size];
                    bytes.get(payload);
                    frames.add(new String(payload, StandardCharsets.UTF_8));
                }
            }
            return frames;
        }

        /** The events with this code, in order. */
        List<JsonObject> codes(int code) {
            List<JsonObject> found = new ArrayList<>();
            for (String frame : frames()) {
                JsonObject json = Json.createReader(new StringReader(frame)).readObject();
                if (json.getInt("code") == code) {
                    found.add(json);
                }
            }
            return found;
        }

        List<Long> seqs() {
            List<Long> seqs = new ArrayList<>();
            for (String frame : frames()) {
                Matcher seq = SEQ.matcher(frame);
                if (seq.find()) {
                    seqs.add(Long.parseLong(seq.group(1)));
                }
            }
            return seqs;
        }
    }
}
