package com.liveroom.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Deployments;
import com.liveroom.support.MetricsText;
import com.liveroom.support.SocketClient;
import com.liveroom.support.SystemTest;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Without the raw path (a container that lacks it, or {@code liveroom.delivery.raw-writes=false}) the same engine
 * writes each frame's text through {@code RemoteEndpoint.Async}: the room still gets every item in order, once, and
 * the sender its acks after its echoes.
 */
class FallbackPathIT extends SystemTest {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.liveroomWith(Map.of("liveroom.delivery.raw-writes", "false",
                "liveroom.limits.messages-per-second", "100000", "liveroom.limits.message-burst", "100000"));
    }

    @Test
    void theRoomGetsEveryItemInOrderThroughTheFallback() {
        var api = new Api(base);
        Guest host = api.guest("host");
        Room room = api.stream(host, "fallback");
        int total = 50;
        try (var sender = SocketClient.withHeader(api.socket(), host.token());
             var reader = SocketClient.withHeader(api.socket(), api.guest("reader").token())) {
            sender.joined(room.roomNumber());
            reader.joined(room.roomNumber());
            for (int i = 1; i <= total; i++) {
                sender.chat(room.roomNumber(), "m" + i, "c" + i);
            }
            reader.awaitItem(item -> item.getString("content").equals("m" + total));
            sender.awaitCount(f -> f.getInt("code") == 202, total);
            List<Long> seqs = reader.items().stream().map(i -> i.getJsonNumber("seq").longValue()).toList();
            long first = seqs.get(0);
            assertEquals(LongStream.range(first, first + total).boxed().toList(), seqs);
            List<Integer> codes = sender.frames().stream().map(f -> f.getInt("code")).filter(c -> c == 200 || c == 202)
                    .toList();
            for (int i = 0; i < codes.size(); i++) {
                if (codes.get(i) == 202) {
                    long acked = codes.subList(0, i).stream().filter(c -> c == 200).count();
                    long acks = codes.subList(0, i + 1).stream().filter(c -> c == 202).count();
                    assertEquals(true, acked >= acks, "every ack after its echo");
                }
            }
        }
        String metrics = api.get("metrics?scope=application", null).expect(200).body();
        assertEquals(0.0, MetricsText.value(metrics, "liveroom_socket_writes_raw"), "the fallback is in use");
    }
}
