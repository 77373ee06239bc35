package com.liveroom.likes;

import static com.liveroom.likes.Liking.awaitPushed;
import static com.liveroom.likes.Liking.awaitValue;
import static com.liveroom.likes.Liking.like;
import static com.liveroom.likes.Liking.pushed;
import static com.liveroom.likes.Liking.tap;
import static com.liveroom.likes.Liking.total;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.MetricsText;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Likes through the public surface: like frames and {@code POST .../likes} counted into one total, pushed to every
 * member (250) at most once a second and never lower than before; the per-user allowance; what is refused (bad
 * counts 400, not a member 403, banned 403, closed room 409, unknown 404) and changes nothing; a muted viewer may
 * like; no like ever reaches a socket as a chat item (200).
 */
class LikesIT extends ShippedWarTest {

    /** The shipped {@code liveroom.likes.per-second}. */
    private static final int PER_SECOND = 10;
    private static final Duration PUSHED_WITHIN = Duration.ofSeconds(10);

    private Api api;
    private Guest host;
    private Room room;
    private SocketClient watcher;
    private final List<SocketClient> sockets = new ArrayList<>();

    @BeforeEach
    void room() {
        api = new Api(base);
        host = api.guest("like-host");
        room = api.stream(host, "likes");
        watcher = member(api.guest("like-watcher"));
    }

    @AfterEach
    void leave() {
        sockets.forEach(SocketClient::close);
    }

    private SocketClient member(Guest guest) {
        SocketClient socket = SocketClient.withHeader(api.socket(), guest.token());
        sockets.add(socket);
        socket.joined(room.roomNumber());
        return socket;
    }

    @Test
    void likeFramesOfSeveralMembersAddUpAndEveryMemberIsPushedTheTotal() {
        SocketClient first = member(api.guest("liker-1"));
        SocketClient second = member(api.guest("liker-2"));
        tap(first, room, 3);
        tap(second, room, 4);
        tap(first, room, 1);
        tap(second, room, 2);

        for (SocketClient socket : List.of(watcher, first, second)) {
            JsonObject data = awaitPushed(socket, room, 10, PUSHED_WITHIN);
            assertEquals(room.roomNumber(), data.getString("topic"));
        }
        assertEquals(10, total(api, host, room));
        for (SocketClient socket : List.of(watcher, first, second)) {
            List<Long> totals = pushed(socket, room);
            for (int i = 1; i < totals.size(); i++) {
                assertTrue(totals.get(i) > totals.get(i - 1), "a pushed total never goes backwards: " + totals);
            }
        }
        assertTrue(first.frames().stream().noneMatch(f -> f.getInt("code") >= 400), "nothing refused");
    }

    @Test
    void aLikeOverRestCountsAndAnswersWhatWasAccepted() {
        Guest viewer = api.guest("rest-liker");
        JsonObject once = like(api, viewer, room, "").expect(200).data();
        assertEquals(room.id(), once.getJsonNumber("stream").longValue());
        assertEquals(1, once.getInt("accepted"), "no body is one tap");
        JsonObject more = like(api, viewer, room, "{\"count\":4}").expect(200).data();
        assertEquals(4, more.getInt("accepted"));
        assertTrue(more.getJsonNumber("likes").longValue() >= 5, "the answer counts the taps just made: " + more);
        awaitPushed(watcher, room, 5, PUSHED_WITHIN);
        assertEquals(5, total(api, viewer, room));
    }

    @Test
    void tapsOverTheUsersAllowanceAreDroppedWithoutAnAnswer() {
        Guest eager = api.guest("eager");
        JsonObject rest = like(api, eager, room, "{\"count\":50}").expect(200).data();
        assertEquals(PER_SECOND, rest.getInt("accepted"), "a fresh user's allowance is one second's worth");

        Guest tapper = api.guest("tapper");
        SocketClient socket = member(tapper);
        tap(socket, room, 100);
        awaitPushed(watcher, room, 2L * PER_SECOND, PUSHED_WITHIN);
        // a fence: a later frame of another member, counted after the tapper's
        SocketClient fence = member(api.guest("fence"));
        tap(fence, room, 1);
        awaitPushed(watcher, room, 2L * PER_SECOND + 1, PUSHED_WITHIN);
        assertEquals(2L * PER_SECOND + 1, total(api, host, room), "the taps over the allowance were not counted");
        assertTrue(socket.frames().stream().noneMatch(f -> f.getInt("code") == 429), "no 429 for dropped taps");

        String metrics = api.get("metrics?scope=application", null).expect(200).body();
        assertTrue(MetricsText.labelled(metrics, "liveroom_likes_taps_total", "outcome=\"over-rate\"") >= 40 + 90,
                "the dropped taps are counted");
    }

    @Test
    void badLikesAreRefusedAndChangeNothing() {
        Guest viewer = api.guest("bad-liker");
        for (String body : List.of("{\"count\":0}", "{\"count\":101}", "{\"count\":1.5}", "{\"count\":\"3\"}",
                "{\"count\":-1}", "{\"count\":1e9}", "[1]", "not json")) {
            like(api, viewer, room, body).expectError(400);
        }
        api.post("api/streams/" + room.id() + "/likes", null, "{}").expectError(401);
        api.post("api/streams/999999999/likes", viewer.token(), "{}").expectError(404);
        api.get("api/streams/999999999/likes", viewer.token()).expectError(404);

        SocketClient socket = member(viewer);
        String topic = room.roomNumber();
        for (String payLoad : List.of("{\"topic\":\"" + topic + "\",\"count\":0}",
                "{\"topic\":\"" + topic + "\",\"count\":101}", "{\"topic\":\"" + topic + "\",\"count\":2.5}",
                "{\"topic\":\"" + topic + "\",\"count\":\"x\"}", "{\"count\":1}")) {
            Liking.refused(socket, 400, () -> socket.send(Liking.LIKE_FRAME, payLoad));
        }
        Room other = api.stream(host, "not joined");
        Liking.refused(socket, 403, () -> tap(socket, other, 1));
        Liking.refused(socket, 403, () -> socket.send(Liking.LIKE_FRAME, "{\"topic\":\"00000000\",\"count\":1}"));

        // a good tap after the bad ones: the total is that tap alone
        tap(socket, room, 1);
        awaitPushed(watcher, room, 1, PUSHED_WITHIN);
        assertEquals(1, total(api, viewer, room));
        assertTrue(socket.isOpen(), "a refused frame leaves the socket open");
    }

    @Test
    void aClosedRoomTakesNoLikesABannedViewerNoneAndAMutedViewerMayLike() {
        Guest muted = api.guest("muted-liker");
        Guest banned = api.guest("banned-liker");
        SocketClient bannedSocket = member(banned);
        api.put("api/streams/" + room.id() + "/mutes/" + muted.id(), host.token(), "{\"seconds\":600}").expect(200);
        api.put("api/streams/" + room.id() + "/bans/" + banned.id(), host.token(), "{}").expect(200);

        assertEquals(2, like(api, muted, room, "{\"count\":2}").expect(200).data().getInt("accepted"));
        like(api, banned, room, "{\"count\":2}").expectError(403);
        bannedSocket.await(f -> f.getInt("code") == 212);
        Liking.refused(bannedSocket, 403, () -> tap(bannedSocket, room, 1));
        awaitPushed(watcher, room, 2, PUSHED_WITHIN);

        api.post("api/streams/" + room.id() + "/close", host.token(), "").expect(200);
        like(api, muted, room, "{}").expectError(409);
        // a closed room refuses like frames once this server's likes have heard of it: within a tick
        SocketClient viewer = member(api.guest("closed-liker"));
        Liking.awaitValue("a like frame in the closed room refused", 1, Duration.ofSeconds(10), () -> {
            tap(viewer, room, 1);
            return viewer.frames().stream().anyMatch(f -> f.getInt("code") == 409) ? 1 : 0;
        });
        long total = total(api, host, room);
        assertTrue(total >= 2, "the muted viewer's likes counted");

        api.post("api/streams/" + room.id() + "/reopen", host.token(), "").expect(200);
        assertEquals(1, like(api, api.guest("after-reopen"), room, "{}").expect(200).data().getInt("accepted"));
    }

    @Test
    void likesArePushedAtMostOnceASecondAndNeverAsChatItems() {
        SocketClient tapper = member(api.guest("steady"));
        long began = System.nanoTime();
        int sent = 0;
        // about six seconds of taps, one frame every 100 ms: within the allowance
        while (System.nanoTime() - began < Duration.ofSeconds(6).toNanos()) {
            tap(tapper, room, 1);
            sent++;
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds() + 1;
        awaitPushed(watcher, room, sent, PUSHED_WITHIN);
        List<Long> totals = pushed(watcher, room);
        assertTrue(totals.size() <= seconds + 1, totals.size() + " pushes in about " + seconds + " s: " + totals);
        assertTrue(totals.size() >= 3, "the total is pushed as it rises, not only at the end: " + totals);
        assertEquals(sent, totals.get(totals.size() - 1), "the last total always gets out");
        assertFalse(watcher.frames().stream().anyMatch(f -> f.getInt("code") == 200), "no like is a chat item");
        assertFalse(tapper.frames().stream().anyMatch(f -> f.getInt("code") == 200), "no like is a chat item");
    }

    @Test
    void theApiDescriptionNamesTheLikeCalls() {
        String openApi = api.get("openapi", null).expect(200).body();
        assertTrue(openApi.contains("/api/streams/{id}/likes"), "the likes calls are described");
        assertTrue(openApi.contains("Like the room"), "with their summary");
    }
}
