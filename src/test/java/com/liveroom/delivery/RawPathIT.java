package com.liveroom.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Deployments;
import com.liveroom.support.Jsons;
import com.liveroom.support.MetricsText;
import com.liveroom.support.RawSocket;
import com.liveroom.support.SocketClient;
import com.liveroom.support.SystemTest;
import jakarta.json.JsonObject;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery engine on the pinned Payara: frames built once go out as raw WebSocket frames, several to a write; a
 * member whose writes wait catches up from the room's log, in order and once each; one that falls behind the log is
 * closed with 1013 and resumes with {@code since} without a gap. The room's log is kept small here (100 items) so
 * that falling behind it takes little traffic; the message rate limit is lifted so that one sender fills it quickly.
 */
class RawPathIT extends SystemTest {

    private static final int LOG_ITEMS = 100;
    private static final String BULK = "字".repeat(480);

    private Api api;
    private Guest host;
    private Room room;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.liveroomWith(Map.of(
                "liveroom.limits.messages-per-second", "100000",
                "liveroom.limits.message-burst", "100000",
                "liveroom.delivery.room-log-items", Integer.toString(LOG_ITEMS),
                "liveroom.ws.idle-timeout-seconds", "600"));
    }

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("host");
        room = api.stream(host, "raw");
    }

    @Test
    void writesAreRawFramesBuiltOnceOnThisPayara() {
        try (var watcher = SocketClient.withHeader(api.socket(), host.token());
             var raw = RawSocket.open(api.socket(), api.guest("raw").token(), 0)) {
            watcher.joined(room.roomNumber());
            raw.text(join(room.roomNumber()));
            assertTrue(raw.read().text().contains("\"code\":201"));
            watcher.chat(room.roomNumber(), "hello", "raw-1");
            RawSocket.Frame item = raw.read();
            assertEquals(RawSocket.TEXT, item.opcode(), "a text frame");
            assertTrue(item.text().contains("\\\"content\\\":\\\"hello\\\""), item.text());
            watcher.await(f -> f.getInt("code") == 202);
        }
        String metrics = api.get("metrics?scope=application", null).expect(200).body();
        assertEquals(1.0, MetricsText.value(metrics, "liveroom_socket_writes_raw"), "the raw path is active");
        assertTrue(MetricsText.value(metrics, "liveroom_socket_writes_total") > 0);
    }

    @Test
    void aMemberThatPausesReadingGetsTheBacklogInOrderOnceEach() {
        int total = 80; // about 120 KB of frames: its catch-up takes writes over 8 KB and over the 64 KB bound
        try (var paused = RawSocket.open(api.socket(), api.guest("paused").token(), 4096);
             var watcher = SocketClient.withHeader(api.socket(), host.token())) {
            watcher.joined(room.roomNumber());
            paused.text(join(room.roomNumber()));
            long since = joinedSeq(paused.read());
            for (int i = 0; i < total; i++) {
                watcher.chat(room.roomNumber(), BULK + " " + i);
            }
            watcher.awaitItem(item -> item.getString("content").endsWith(" " + (total - 1)), Duration.ofSeconds(60));
            // only now does the paused member read: everything, in order, once
            List<Long> seqs = new ArrayList<>();
            while (seqs.size() < total) {
                itemSeq(paused.read()).ifPresent(seqs::add);
            }
            assertEquals(contiguous(since + 1, total), seqs);
        }
    }

    @Test
    void aMemberThatFallsBehindTheLogIsClosedWith1013AndResumesWithoutAGap() {
        int total = 20 * LOG_ITEMS; // 3 MB: far more than the container and the kernel buffer for one socket
        Guest slowGuest = api.guest("slow");
        try (var watcher = SocketClient.withHeader(api.socket(), host.token())) {
            watcher.joined(room.roomNumber());
            long last;
            String epoch;
            try (var slow = RawSocket.open(api.socket(), slowGuest.token(), 4096)) {
                slow.text(join(room.roomNumber()));
                JsonObject joined = Jsons.parse(slow.read().text());
                epoch = joined.getJsonObject("data").getString("epoch");
                last = joined.getJsonObject("data").getJsonNumber("seq").longValue();
                // in steps the watcher keeps up with: only the member that stopped reading falls behind
                for (int i = 0; i < total; i++) {
                    watcher.chat(room.roomNumber(), BULK + " " + i);
                    if (i % (LOG_ITEMS / 4) == LOG_ITEMS / 4 - 1) {
                        String reached = " " + i;
                        watcher.awaitItem(item -> item.getString("content").endsWith(reached), Duration.ofSeconds(60));
                    }
                }
                watcher.awaitItem(item -> item.getString("content").endsWith(" " + (total - 1)), Duration.ofSeconds(60));
                int closeCode = 0;
                while (closeCode == 0) {
                    RawSocket.Frame frame;
                    try {
                        frame = slow.read();
                    } catch (UncheckedIOException e) {
                        if (e.getCause() instanceof EOFException || e.getCause() instanceof SocketException) {
                            closeCode = 1006;
                            break;
                        }
                        throw new AssertionError("the slow member was not given up after seq " + last, e);
                    }
                    if (frame.opcode() == RawSocket.CLOSE) {
                        closeCode = RawSocket.closeCode(frame);
                    } else if (itemSeq(frame).isPresent()) {
                        long seq = itemSeq(frame).getAsLong();
                        assertEquals(last + 1, seq, "in order, no gap, before the close");
                        last = seq;
                    }
                }
                assertTrue(closeCode == 1013 || closeCode == 1006, "closed as too slow: " + closeCode);
            }
            long lastBefore = last;
            long end = watcher.items().get(watcher.items().size() - 1).getJsonNumber("seq").longValue();
            assertTrue(lastBefore < end, "it fell behind before the end: " + lastBefore + " of " + end);
            // it comes back with what it has: the gap is replayed, then 201, then it is live
            try (var back = SocketClient.withHeader(api.socket(), slowGuest.token())) {
                back.resume(room.roomNumber(), lastBefore, epoch);
                JsonObject resumed = back.await(f -> f.getInt("code") == 201, Duration.ofSeconds(30));
                assertEquals(end - lastBefore, resumed.getJsonObject("data").getInt("replayed"));
                List<Long> replayed = back.items().stream().map(i -> i.getJsonNumber("seq").longValue()).toList();
                assertEquals(contiguous(lastBefore + 1, (int) (end - lastBefore)), replayed);
                watcher.chat(room.roomNumber(), "after the resume");
                back.awaitItem(item -> item.getString("content").equals("after the resume"));
                assertEquals(end + 1, back.items().get(back.items().size() - 1).getJsonNumber("seq").longValue());
            }
        }
    }

    private static String join(String roomNumber) {
        return Jsons.object().add("type", 3).add("payLoad", Jsons.object().add("topic", roomNumber).build().toString())
                .build().toString();
    }

    /** The seq of a chat item; empty for the room's other events (the online count comes and goes). */
    private static OptionalLong itemSeq(RawSocket.Frame frame) {
        assertEquals(RawSocket.TEXT, frame.opcode());
        JsonObject parsed = Jsons.parse(frame.text());
        if (parsed.getInt("code") != 200) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Jsons.parse(parsed.getString("data")).getJsonNumber("seq").longValue());
    }

    private static List<Long> contiguous(long from, int count) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = from; seq < from + count; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }

    private static long joinedSeq(RawSocket.Frame frame) {
        JsonObject joined = Jsons.parse(frame.text());
        assertEquals(201, joined.getInt("code"), frame.text());
        return joined.getJsonObject("data").getJsonNumber("seq").longValue();
    }
}
