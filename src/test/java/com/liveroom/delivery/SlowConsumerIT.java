package com.liveroom.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Deployments;
import com.liveroom.support.Jsons;
import com.liveroom.support.RawSocket;
import com.liveroom.support.SocketClient;
import com.liveroom.support.SystemTest;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member that stops reading is given up once what the server holds for it is full (its outbox, the default
 * 1 MiB, behind the container's write queue and kernel buffer that server-config/pre-boot-commands.asadmin bounds),
 * and nobody else waits for it. The message rate limit is lifted here so that one sender fills those quickly.
 */
class SlowConsumerIT extends SystemTest {

    private Api api;
    private Guest host;
    private Room room;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.liveroomWith(Map.of(
                "liveroom.limits.messages-per-second", "100000",
                "liveroom.limits.message-burst", "100000",
                // the slow member sends nothing while it does not read: it must be given up for its backlog,
                // not for its silence
                "liveroom.ws.idle-timeout-seconds", "600"));
    }

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("host");
        room = api.stream(host, "slow");
    }

    @Test
    void aMemberThatStopsReadingIsClosedWith1013WhileTheOthersKeepReceiving() {
        int total = 2500;
        String bulk = "慢".repeat(480);
        Guest slowGuest = api.guest("slow");
        // a reader with a tiny kernel buffer that stops reading after its join
        try (var slow = RawSocket.open(api.socket(), slowGuest.token(), 4096);
             var watcher = SocketClient.withHeader(api.socket(), host.token());
             var sender = SocketClient.withHeader(api.socket(), api.guest("sender").token())) {
            watcher.joined(room.roomNumber());
            sender.joined(room.roomNumber());
            slow.text(Jsons.object().add("type", 3).add("payLoad", Jsons.object().add("topic", room.roomNumber())
                    .build().toString()).build().toString());
            assertTrue(slow.read().text().contains("\"code\":201"), "the slow member is in the room");
            for (int i = 0; i < total; i++) {
                sender.chat(room.roomNumber(), bulk + " " + i);
            }
            String last = bulk + " " + (total - 1);
            // thousands of items through the writer: more than the usual wait on a busy machine
            watcher.awaitItem(item -> item.getString("content").equals(last), Duration.ofSeconds(60));
            assertEquals(total, watcher.items().size(), "the reading member got every item");
            sender.awaitItem(item -> item.getString("content").equals(last), Duration.ofSeconds(60));

            // only now does the slow member read: what the server still held for it, then the end of the connection
            // (a 1013 close frame when it still fits, else the connection is dropped)
            int itemsBeforeClose = 0;
            long bytesRead = 0;
            while (true) {
                RawSocket.Frame frame;
                try {
                    frame = slow.read();
                } catch (UncheckedIOException e) {
                    if (e.getCause() instanceof EOFException || e.getCause() instanceof SocketException) {
                        break;
                    }
                    throw new AssertionError("the slow member was not given up: it still had " + itemsBeforeClose
                            + " of " + total + " items (" + bytesRead + " bytes)", e);
                }
                if (frame.opcode() == RawSocket.CLOSE) {
                    assertEquals(1013, RawSocket.closeCode(frame), "closed as too slow");
                    break;
                }
                itemsBeforeClose++;
                bytesRead += frame.payload().length;
            }
            assertTrue(itemsBeforeClose < total, "the slow member was closed before it had everything: "
                    + itemsBeforeClose + " of " + total);
        }
    }
}
