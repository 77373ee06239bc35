package com.liveroom.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.AtOnce;
import com.liveroom.support.Api;
import com.liveroom.support.Jsons;
import com.liveroom.support.SocketClient;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Polls on two clustered servers over one PostgreSQL: votes sent to both servers at the same moment are each counted
 * once (the same user voting on both servers at once has one vote), and the members on either server end with the
 * final counts, whichever server's push reaches them last. Run it alone, under the machine's cluster lock:
 * {@code flock /tmp/liveroom-cluster.lock mvn -B verify -Dit.test=PollsClusterIT ...}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PollsClusterIT {

    private static final Duration SETTLED_WITHIN = Duration.ofSeconds(30);
    private static final int USERS = 200;

    private Cluster cluster;

    @BeforeAll
    void startTheCluster() throws Exception {
        cluster = Cluster.start("polls-cluster-it", 2, List.of(
                // the members send no heartbeats; the test, with its two hundred sign-ins, may outlast the default 30 s
                "-Dliveroom.ws.idle-timeout-seconds=600"));
    }

    @AfterAll
    void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void votesSentToBothServersAtOnceAreCountedExactlyAndEveryMemberEndsWithTheFinalCounts() throws Exception {
        Api.Guest host = cluster.api(0).guest("polls-host");
        Api.Room room = cluster.api(0).stream(host, "polls-cluster");
        List<SocketClient> members = new ArrayList<>();
        try {
            for (int server = 0; server < 2; server++) {
                var member = SocketClient.withHeader(cluster.api(server).socket(), cluster.api(server).guest("member" + server).token());
                member.joined(room.roomNumber());
                members.add(member);
            }
            long poll = pollId(cluster.api(1).post("api/polls", host.token(), Jsons.object().add("stream", room.id())
                    .add("question", "Which server?").add("options", Json.createArrayBuilder().add("a").add("b").add("c"))
                    .build()).expect(200).data());
            cluster.api(1).post("api/polls/" + poll + "/open", host.token(), "").expect(200);
            for (SocketClient member : members) {
                member.await(f -> f.getInt("code") == 240 && pollId(f.getJsonObject("data")) == poll
                        && f.getJsonObject("data").getString("status").equals("open"));
            }

            // the same user, eight times at once, four on each server
            Api.Guest stuffer = cluster.api(0).guest("stuffer");
            List<JsonObject> stuffed = AtOnce.run(8, i -> vote(cluster.api(i % 2), stuffer, poll, i % 3).expect(200).data());
            JsonObject afterStuffing = cluster.api(1).get("api/polls/" + poll, host.token()).expect(200).data();
            assertEquals(1, afterStuffing.getInt("voters"), "one user, one vote: " + stuffed);
            assertEquals(1, sum(ints(afterStuffing, "counts")), afterStuffing.toString());

            // many users at once, half on each server
            List<Api.Guest> guests = AtOnce.run(USERS, i -> cluster.api(i % 2).guest("voter" + i));
            long started = System.nanoTime();
            AtOnce.run(USERS, i -> vote(cluster.api(i % 2), guests.get(i), poll, i % 3).expect(200).data());
            System.out.println("[polls-cluster] " + USERS + " users voted at once on two servers in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            List<Integer> expected = new ArrayList<>(List.of(0, 0, 0));
            for (int i = 0; i < USERS; i++) {
                expected.set(i % 3, expected.get(i % 3) + 1);
            }
            int stufferChoice = ints(afterStuffing, "counts").indexOf(1);
            expected.set(stufferChoice, expected.get(stufferChoice) + 1);
            for (int server = 0; server < 2; server++) {
                JsonObject read = cluster.api(server).get("api/polls/" + poll, host.token()).expect(200).data();
                assertEquals(expected, ints(read, "counts"), "counts on server " + server);
                assertEquals(USERS + 1, read.getInt("voters"));
            }

            // the last 241 each member holds, once the pushes have settled, carries the final counts
            Predicate<JsonObject> results = f -> f.getInt("code") == 241
                    && f.getJsonObject("data").getJsonNumber("pollId").longValue() == poll;
            for (SocketClient member : members) {
                member.await(results.and(f -> ints(f.getJsonObject("data"), "counts").equals(expected)), SETTLED_WITHIN);
            }
            // two push intervals with no vote: a server whose earlier push could still arrive late has looked again
            long quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < quietUntil) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            for (SocketClient member : members) {
                List<JsonObject> pushed = member.frames().stream().filter(results).map(f -> f.getJsonObject("data")).toList();
                assertEquals(expected, ints(pushed.get(pushed.size() - 1), "counts"), "the last push a member got: " + pushed);
            }

            JsonObject closed = cluster.api(0).post("api/polls/" + poll + "/close", host.token(), "").expect(200).data();
            assertEquals(expected, ints(closed, "counts"));
            for (SocketClient member : members) {
                JsonObject event = member.await(f -> f.getInt("code") == 240 && pollId(f.getJsonObject("data")) == poll
                        && f.getJsonObject("data").getString("status").equals("closed")).getJsonObject("data");
                assertEquals(expected, ints(event, "counts"), "the close carries the final counts to both servers");
            }
            vote(cluster.api(1), stuffer, poll, 0).expectError(409);
            assertTrue(members.stream().allMatch(m -> m.frames().stream().noneMatch(f -> f.getInt("code") == 200)),
                    "polls send nothing with code 200");
        } finally {
            members.forEach(SocketClient::close);
        }
    }

    private static Api.Response vote(Api api, Api.Guest voter, long poll, int... options) {
        JsonArrayBuilder chosen = Json.createArrayBuilder();
        for (int option : options) {
            chosen.add(option);
        }
        return api.put("api/polls/" + poll + "/vote", voter.token(), Jsons.object().add("options", chosen).build().toString());
    }

    private static long pollId(JsonObject poll) {
        return poll.getJsonNumber("id").longValue();
    }

    private static List<Integer> ints(JsonObject object, String name) {
        return object.getJsonArray(name).getValuesAs(JsonNumber.class).stream().map(JsonNumber::intValue).toList();
    }

    private static int sum(List<Integer> numbers) {
        return numbers.stream().mapToInt(Integer::intValue).sum();
    }

}
