package com.liveroom.polls;

import static com.liveroom.polls.Polling.awaitPoll;
import static com.liveroom.polls.Polling.awaitResults;
import static com.liveroom.polls.Polling.events;
import static com.liveroom.polls.Polling.fence;
import static com.liveroom.polls.Polling.id;
import static com.liveroom.polls.Polling.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.liveroom.support.AtOnce;
import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.ShippedWarTest;
import com.liveroom.support.SocketClient;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Polls through the public surface only: drafts seen by the room's runners alone, opening and closing, one vote per
 * user (also when the same user votes many times at once, and when a thousand vote at once), the throttled results,
 * anonymous results, listings, who may do what, and bad input. A watcher's socket in the room shows what members
 * receive.
 */
class PollsIT extends ShippedWarTest {

    /** The server's default {@code liveroom.polls.results-push-millis}. */
    private static final long RESULTS_PUSH_MILLIS = 1000;

    private Api api;
    private Polling polls;
    private Guest host;
    private Guest viewer;
    private Room room;
    private SocketClient watcher;

    @BeforeEach
    void room() {
        api = new Api(base);
        polls = new Polling(api);
        host = api.guest("host");
        viewer = api.guest("viewer");
        room = api.stream(host, "polls");
        watcher = SocketClient.withHeader(api.socket(), api.guest("watcher").token());
        watcher.joined(room.roomNumber());
    }

    @AfterEach
    void leave() {
        watcher.close();
    }

    @Test
    void aDraftIsToldToTheHostAndModeratorsAloneUntilItIsOpened() {
        Guest moderator = api.guest("moderator");
        api.put("api/streams/" + room.id() + "/moderators/" + moderator.id(), host.token(), "").expect(200);
        SocketClient hostSocket = SocketClient.withHeader(api.socket(), host.token());
        SocketClient moderatorSocket = SocketClient.withHeader(api.socket(), moderator.token());
        try {
            hostSocket.joined(room.roomNumber());
            moderatorSocket.joined(room.roomNumber());

            JsonObject draft = polls.create(moderator, room, "  Lunch?  ", List.of("Noodles", " Rice "), false, false)
                    .expect(200).data();
            long id = id(draft);
            assertEquals("draft", draft.getString("status"));
            assertEquals("Lunch?", draft.getString("question"), "surrounding blanks are dropped");
            assertEquals(List.of("Noodles", "Rice"), draft.getJsonArray("options").getValuesAs(jakarta.json.JsonString.class)
                    .stream().map(jakarta.json.JsonString::getString).toList());
            assertEquals(List.of(0, 0), ints(draft, "counts"));
            for (SocketClient runner : List.of(hostSocket, moderatorSocket)) {
                assertEquals("Lunch?", awaitPoll(runner, id, "draft").getString("question"));
            }
            JsonObject edited = polls.edit(host, id, "{\"options\":[\"Noodles\",\"Rice\",\"Dumplings\"],\"multiple\":true}")
                    .expect(200).data();
            assertEquals(3, edited.getJsonArray("options").size());
            assertTrue(edited.getBoolean("multiple"));
            JsonObject editEvent = moderatorSocket.await(f -> f.getInt("code") == 240 && id(f.getJsonObject("data")) == id
                    && f.getJsonObject("data").getJsonArray("options").size() == 3).getJsonObject("data");
            assertTrue(editEvent.getBoolean("multiple"));

            fence(watcher, room.roomNumber());
            assertTrue(events(watcher, 240).isEmpty(), "a viewer hears nothing of a draft");
            assertTrue(polls.items(viewer, room).isEmpty(), "nor lists it");
            polls.read(viewer, id).expectError(404);
            polls.vote(viewer, id, 0).expectError(404);
            polls.vote(host, id, 0).expectError(409);
            assertEquals(List.of(id), polls.items(moderator, room).stream().map(Polling::id).toList());

            long other = polls.draft(host, room, "Deleted?", "yes", "no");
            JsonObject deleted = polls.delete(host, other).expect(200).data();
            assertEquals("deleted", deleted.getString("status"));
            awaitPoll(hostSocket, other, "deleted");
            polls.read(host, other).expectError(404);

            polls.open(host, id).expect(200);
            JsonObject opened = awaitPoll(watcher, id, "open");
            assertEquals("Lunch?", opened.getString("question"));
            assertFalse(opened.containsKey("mine"), "an event carries nothing about one reader");
            polls.edit(host, id, "{\"question\":\"Dinner?\"}").expectError(409);
            polls.delete(host, id).expectError(409);
            assertEquals(List.of("poll.open", "poll.delete", "poll.create", "poll.edit", "poll.create", "moderator.appoint"),
                    polls.audited(host, room));
        } finally {
            hostSocket.close();
            moderatorSocket.close();
        }
    }

    @Test
    void viewersMayNotRunPollsAndRefusedStepsChangeNothing() {
        long draft = polls.draft(host, room, "Draft?", "a", "b");
        long open = polls.opened(host, room, false, false, "Open?", "a", "b");
        List<String> audited = polls.audited(host, room);

        polls.create(viewer, room, "Mine?", List.of("a", "b"), false, false).expectError(403);
        polls.edit(viewer, draft, "{\"question\":\"Changed?\"}").expectError(403);
        polls.delete(viewer, draft).expectError(403);
        polls.open(viewer, draft).expectError(403);
        polls.close(viewer, open).expectError(403);
        polls.voters(viewer, open).expectError(403);

        assertEquals(audited, polls.audited(host, room), "refused steps are not audited");
        assertEquals("Draft?", polls.read(host, draft).expect(200).data().getString("question"));
        assertEquals("open", polls.read(viewer, open).expect(200).data().getString("status"));
        assertEquals(2, polls.items(host, room).size());
        assertEquals(1, polls.items(viewer, room).size());
    }

    @Test
    void onePollIsOpenAtATimeAndAClosedPollStaysClosedWithItsFinalCounts() {
        long first = polls.opened(host, room, false, false, "First?", "yes", "no");
        awaitPoll(watcher, first, "open");
        long second = polls.draft(host, room, "Second?", "yes", "no");
        polls.open(host, second).expectError(409);
        assertEquals("open", polls.open(host, first).expect(200).data().getString("status"), "opening again changes nothing");

        polls.vote(viewer, first, 0).expect(200);
        polls.vote(api.guest("other"), first, 1).expect(200);
        polls.vote(api.guest("third"), first, 0).expect(200);
        JsonObject closed = polls.close(host, first).expect(200).data();
        assertEquals("closed", closed.getString("status"));
        assertEquals(List.of(2, 1), ints(closed, "counts"));
        JsonObject event = awaitPoll(watcher, first, "closed");
        assertEquals(List.of(2, 1), ints(event, "counts"), "the close carries the final counts");
        assertEquals(3, event.getInt("voters"));
        assertTrue(event.containsKey("closedAt"));

        polls.close(host, first).expect(200);
        polls.open(host, first).expectError(409);
        polls.vote(viewer, first, 1).expectError(409);
        polls.takeBack(viewer, first).expectError(409);
        polls.close(host, second).expectError(409);
        assertEquals(List.of(2, 1), ints(polls.read(viewer, first).expect(200).data(), "counts"), "refused votes count nothing");
        assertEquals(List.of(0), ints(polls.read(viewer, first).expect(200).data(), "mine"), "a viewer reads its own vote");

        polls.open(host, second).expect(200);
        List<JsonObject> listed = polls.items(viewer, room);
        assertEquals(List.of(second, first), listed.stream().map(Polling::id).toList(), "newest first, results kept");
        assertEquals(List.of("open", "closed"), listed.stream().map(p -> p.getString("status")).toList());
        fence(watcher, room.roomNumber());
        assertEquals(1, events(watcher, 240).stream().filter(p -> id(p) == first && p.getString("status").equals("closed")).count(),
                "closing again is not told again");
        assertEquals(List.of("poll.open", "poll.close", "poll.create", "poll.open", "poll.create"), polls.audited(host, room));
    }

    @Test
    void eachUserHasOneVoteThatItMayChangeOrTakeBackWhileThePollIsOpen() {
        long single = polls.opened(host, room, false, false, "Pick one", "a", "b", "c");

        JsonObject first = polls.vote(viewer, single, 1).expect(200).data();
        assertEquals(List.of(0, 1, 0), ints(first, "counts"));
        assertEquals(List.of(1), ints(first, "mine"));
        assertTrue(first.getBoolean("changed"));
        assertEquals(1, first.getInt("voters"));
        JsonObject again = polls.vote(viewer, single, 1).expect(200).data();
        assertFalse(again.getBoolean("changed"), "the same vote again changes nothing");
        assertEquals(List.of(0, 1, 0), ints(again, "counts"));
        JsonObject changed = polls.vote(viewer, single, 2).expect(200).data();
        assertEquals(List.of(0, 0, 1), ints(changed, "counts"), "a new vote replaces the earlier one");
        assertEquals(1, changed.getInt("voters"));
        assertEquals(List.of(2), ints(polls.myVote(viewer, single).expect(200).data(), "mine"));
        JsonObject takenBack = polls.takeBack(viewer, single).expect(200).data();
        assertEquals(List.of(0, 0, 0), ints(takenBack, "counts"));
        assertEquals(0, takenBack.getInt("voters"));
        assertTrue(ints(polls.myVote(viewer, single).expect(200).data(), "mine").isEmpty());
        assertFalse(polls.takeBack(viewer, single).expect(200).data().getBoolean("changed"));

        polls.vote(viewer, single, 0, 1).expectError(400);
        polls.vote(viewer, single, 3).expectError(400);
        polls.vote(viewer, single).expectError(400);
        polls.vote(viewer, single, -1).expectError(400);
        polls.voteWith(viewer, single, "{\"options\":[0.5]}").expectError(400);
        polls.voteWith(viewer, single, "{\"options\":[\"0\"]}").expectError(400);
        polls.voteWith(viewer, single, "{\"options\":0}").expectError(400);
        polls.voteWith(viewer, single, "{}").expectError(400);
        polls.voteWith(viewer, single, "not json").expectError(400);
        polls.vote(viewer, 987654321, 0).expectError(404);
        assertEquals(List.of(0, 0, 0), ints(polls.read(viewer, single).expect(200).data(), "counts"), "bad votes count nothing");
        Guest banned = api.guest("banned");
        polls.vote(banned, single, 0).expect(200);
        api.put("api/streams/" + room.id() + "/bans/" + banned.id(), host.token(), "{}").expect(200);
        polls.vote(banned, single, 1).expectError(403);
        polls.takeBack(banned, single).expectError(403);
        assertEquals(List.of(1, 0, 0), ints(polls.read(viewer, single).expect(200).data(), "counts"),
                "a banned user's vote stays as it was before the ban");
        api.delete("api/streams/" + room.id() + "/bans/" + banned.id(), host.token()).expect(200);
        polls.takeBack(banned, single).expect(200);

        polls.close(host, single).expect(200);
        long multiple = polls.opened(host, room, true, false, "Pick any", "a", "b", "c");
        assertEquals(List.of(1, 0, 1), ints(polls.vote(viewer, multiple, 2, 0).expect(200).data(), "counts"));
        assertEquals(List.of(0, 2), ints(polls.myVote(viewer, multiple).expect(200).data(), "mine"));
        JsonObject replaced = polls.vote(viewer, multiple, 1, 2).expect(200).data();
        assertEquals(List.of(0, 1, 1), ints(replaced, "counts"));
        assertEquals(1, replaced.getInt("voters"));
        polls.vote(viewer, multiple, 1, 1).expectError(400);
        assertEquals(List.of(1, 2), ints(polls.read(viewer, multiple).expect(200).data(), "mine"));
    }

    @Test
    void resultsArePushedAtMostOnceASecondAndTheLastCountsGetOut() throws Exception {
        long id = polls.opened(host, room, false, false, "Popular?", "yes", "no");
        int voters = 30;
        List<Guest> guests = guests("voter", voters);
        Predicate<JsonObject> resultsOfThis = f -> f.getInt("code") == 241
                && f.getJsonObject("data").getJsonNumber("pollId").longValue() == id;

        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Api.Response>> cast = new ArrayList<>();
            for (int i = 0; i < voters; i++) {
                Guest guest = guests.get(i);
                int option = i % 3 == 0 ? 1 : 0;
                cast.add(pool.submit(() -> polls.vote(guest, id, option)));
            }
            for (Future<Api.Response> vote : cast) {
                vote.get().expect(200);
            }
        } finally {
            pool.shutdown();
        }
        long votingMillis = (System.nanoTime() - started) / 1_000_000;
        JsonObject last = awaitResults(watcher, id, List.of(20, 10));
        assertEquals(room.roomNumber(), last.getString("topic"));
        assertEquals(room.id(), last.getJsonNumber("stream").longValue());
        assertEquals(voters, last.getInt("voters"));
        // the follow-up look a second after the last push finds nothing new and pushes nothing more
        long settleBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * RESULTS_PUSH_MILLIS);
        List<List<Integer>> pushed = List.of();
        while (System.nanoTime() < settleBy) {
            pushed = watcher.frames().stream().filter(resultsOfThis).map(f -> ints(f.getJsonObject("data"), "counts")).toList();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertEquals(List.of(20, 10), pushed.get(pushed.size() - 1), "the last push carries the final counts: " + pushed);
        assertTrue(pushed.size() <= votingMillis / RESULTS_PUSH_MILLIS + 2,
                pushed.size() + " pushes for " + voters + " votes in " + votingMillis + " ms: " + pushed);
        List<Long> arrivals = watcher.arrivalMillis(resultsOfThis);
        for (int i = 1; i < arrivals.size(); i++) {
            assertTrue(arrivals.get(i) - arrivals.get(i - 1) >= RESULTS_PUSH_MILLIS - 250,
                    "pushes a second apart: " + arrivals);
        }
        List<Long> versions = watcher.frames().stream().filter(resultsOfThis)
                .map(f -> f.getJsonObject("data").getJsonNumber("version").longValue()).toList();
        assertEquals(versions.stream().sorted().toList(), versions, "versions only rise: " + versions);

        polls.takeBack(guests.get(0), id).expect(200);
        awaitResults(watcher, id, List.of(20, 9));
    }

    @Test
    void theSameUserVotingEightTimesAtOnceFromTwoClientsIsCountedOnce() throws Exception {
        long single = polls.opened(host, room, false, false, "Once?", "a", "b", "c");
        Guest stuffer = api.guest("stuffer");
        Api[] clients = {new Api(base), new Api(base)};
        List<JsonObject> answers = AtOnce.run(8, i -> new Polling(clients[i % 2]).vote(stuffer, single, i % 3).expect(200).data());
        JsonObject poll = polls.read(stuffer, single).expect(200).data();
        assertEquals(1, poll.getInt("voters"), "one vote for one user: " + answers);
        assertEquals(1, ints(poll, "counts").stream().mapToInt(Integer::intValue).sum(), poll.toString());
        assertEquals(ints(poll, "mine").get(0), ints(poll, "counts").indexOf(1), "the vote counted is the user's vote");
        assertTrue(answers.stream().allMatch(a -> a.getInt("voters") == 1
                && ints(a, "counts").stream().mapToInt(Integer::intValue).sum() == 1), "every answer saw one vote: " + answers);
        polls.close(host, single).expect(200);

        long multiple = polls.opened(host, room, true, false, "Any?", "a", "b", "c");
        List<JsonObject> same = AtOnce.run(8, i -> new Polling(clients[i % 2]).vote(stuffer, multiple, 0, 1, 2).expect(200).data());
        assertEquals(1, same.stream().filter(a -> a.getBoolean("changed")).count(), "one of eight changed anything: " + same);
        JsonObject all = polls.read(stuffer, multiple).expect(200).data();
        assertEquals(1, all.getInt("voters"));
        assertEquals(List.of(1, 1, 1), ints(all, "counts"), "each option counted once: " + all);
        AtOnce.run(8, i -> new Polling(clients[i % 2]).takeBack(stuffer, multiple).expect(200).data());
        JsonObject none = polls.read(stuffer, multiple).expect(200).data();
        assertEquals(0, none.getInt("voters"));
        assertEquals(List.of(0, 0, 0), ints(none, "counts"));
    }

    @Test
    void aThousandUsersVotingAtOnceAreAllCounted() throws Exception {
        int users = 1000;
        long id = polls.opened(host, room, false, false, "Everyone?", "a", "b", "c", "d");
        List<Guest> guests = guests("crowd", users);
        long started = System.nanoTime();
        List<JsonObject> answers = AtOnce.run(users, i -> polls.vote(guests.get(i), id, i % 4).expect(200).data());
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("[polls] " + users + " users voted at once in " + tookMillis + " ms");
        assertTrue(answers.stream().allMatch(a -> a.getBoolean("changed")));
        JsonObject poll = polls.read(host, id).expect(200).data();
        assertEquals(users, poll.getInt("voters"));
        assertEquals(List.of(250, 250, 250, 250), ints(poll, "counts"));
        JsonObject closed = polls.close(host, id).expect(200).data();
        assertEquals(List.of(250, 250, 250, 250), ints(closed, "counts"));
        assertEquals(List.of(250, 250, 250, 250), ints(awaitPoll(watcher, id, "closed"), "counts"));
        JsonObject voters = polls.voters(host, id).expect(200).data();
        assertEquals(users, voters.getJsonArray("options").getValuesAs(JsonObject.class).stream()
                .mapToInt(o -> o.getJsonArray("voters").size()).sum());
    }

    @Test
    void anonymousResultsShowNobodyWhoVotedForWhat() {
        Guest secret = api.guest("Secret Voter");
        long named = polls.opened(host, room, false, false, "Named?", "yes", "no");
        polls.vote(secret, named, 1).expect(200);
        polls.vote(viewer, named, 0).expect(200);
        JsonObject voters = polls.voters(host, named).expect(200).data();
        List<JsonObject> options = voters.getJsonArray("options").getValuesAs(JsonObject.class);
        assertEquals("no", options.get(1).getString("label"));
        assertEquals(secret.id(), options.get(1).getJsonArray("voters").getJsonObject(0).getJsonNumber("id").longValue());
        assertEquals("Secret Voter", options.get(1).getJsonArray("voters").getJsonObject(0).getString("displayName"));
        assertEquals(viewer.id(), options.get(0).getJsonArray("voters").getJsonObject(0).getJsonNumber("id").longValue());
        polls.close(host, named).expect(200);

        long anonymous = polls.opened(host, room, false, true, "Anonymous?", "yes", "no");
        polls.vote(secret, anonymous, 1).expect(200);
        polls.voters(host, anonymous).expectError(403);
        assertEquals(List.of(1), ints(polls.myVote(secret, anonymous).expect(200).data(), "mine"), "the voter still reads its own vote");
        JsonObject results = awaitResults(watcher, anonymous, List.of(0, 1));
        polls.close(host, anonymous).expect(200);
        awaitPoll(watcher, anonymous, "closed");
        polls.voters(host, anonymous).expectError(403);

        String everythingTheRoomGot = watcher.frames() + " " + polls.list(host, room, "").body() + " " + results;
        assertFalse(everythingTheRoomGot.contains("Secret Voter"), everythingTheRoomGot);
        assertFalse(Pattern.compile("[\":]" + secret.id() + "[,}\\]]").matcher(everythingTheRoomGot).find(),
                "nothing names the voter's id: " + everythingTheRoomGot);
    }

    @Test
    void listingPagesAndChecksItsParameters() {
        long a = polls.opened(host, room, false, false, "A?", "1", "2");
        polls.close(host, a).expect(200);
        long b = polls.opened(host, room, false, false, "B?", "1", "2");
        long c = polls.draft(host, room, "C?", "1", "2");
        assertEquals(List.of(c, b, a), polls.items(host, room).stream().map(Polling::id).toList());
        JsonObject page2 = polls.list(host, room, "&page=2&resultsPerPage=2").expect(200).data();
        assertEquals(List.of(a), page2.getJsonArray("items").getValuesAs(JsonObject.class).stream().map(Polling::id).toList());
        assertEquals(3, page2.getJsonNumber("total").longValue());
        assertEquals(2, polls.list(viewer, room, "").expect(200).data().getJsonNumber("total").longValue());
        polls.list(viewer, room, "&page=0").expectError(400);
        polls.list(viewer, room, "&resultsPerPage=1001").expectError(400);
        api.get("api/polls?stream=abc", viewer.token()).expectError(400);
        api.get("api/polls", viewer.token()).expectError(400);
        api.get("api/polls?stream=987654321", viewer.token()).expectError(404);
        api.get("api/polls?stream=" + room.id(), null).expectError(401);
        polls.read(viewer, 987654321).expectError(404);
    }

    @Test
    void badPollsAreRefusedAndStoreNothing() {
        polls.create(host, room, "One option?", List.of("only"), false, false).expectError(400);
        polls.create(host, room, "Eleven?", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"), false, false)
                .expectError(400);
        polls.create(host, room, " ", List.of("a", "b"), false, false).expectError(400);
        polls.create(host, room, "q".repeat(201), List.of("a", "b"), false, false).expectError(400);
        polls.create(host, room, "Blank option?", List.of("a", " "), false, false).expectError(400);
        polls.create(host, room, "Long option?", List.of("a", "o".repeat(101)), false, false).expectError(400);
        polls.create(host, room, "Twice?", List.of("Same", "same"), false, false).expectError(400);
        String stream = "\"stream\":" + room.id();
        api.post("api/polls", host.token(), "{" + stream + ",\"question\":\"q\",\"options\":[\"a\",2]}").expectError(400);
        api.post("api/polls", host.token(), "{" + stream + ",\"question\":\"q\",\"options\":\"a,b\"}").expectError(400);
        api.post("api/polls", host.token(), "{" + stream + ",\"question\":\"q\",\"options\":[\"a\",\"b\"],\"multiple\":\"yes\"}").expectError(400);
        api.post("api/polls", host.token(), "{" + stream + ",\"question\":7,\"options\":[\"a\",\"b\"]}").expectError(400);
        api.post("api/polls", host.token(), "{\"question\":\"q\",\"options\":[\"a\",\"b\"]}").expectError(400);
        api.post("api/polls", host.token(), "{" + stream + ",\"options\":[\"a\",\"b\"]}").expectError(400);
        api.post("api/polls", host.token(), "not json").expectError(400);
        api.post("api/polls", host.token(), "{\"stream\":987654321,\"question\":\"q\",\"options\":[\"a\",\"b\"]}").expectError(404);
        long draft = polls.draft(host, room, "Kept?", "a", "b");
        polls.edit(host, draft, "{}").expectError(400);
        polls.edit(host, draft, "{\"options\":[\"a\"]}").expectError(400);
        polls.edit(host, draft, "{\"anonymous\":1}").expectError(400);
        polls.edit(host, 987654321, "{\"question\":\"q\"}").expectError(404);
        polls.open(host, 987654321).expectError(404);

        List<JsonObject> stored = polls.items(host, room);
        assertEquals(List.of(draft), stored.stream().map(Polling::id).toList(), "only the valid draft is stored");
        assertEquals("Kept?", stored.get(0).getString("question"));
        assertEquals(2, stored.get(0).getJsonArray("options").size());
        assertEquals(List.of("poll.create"), polls.audited(host, room));
    }

    @Test
    void identicalStepsAtTheSameMomentActOnceAndTwoPollsCannotOpenTogether() throws Exception {
        long first = polls.draft(host, room, "First?", "a", "b");
        long second = polls.draft(host, room, "Second?", "a", "b");
        List<Integer> opened = AtOnce.run(8, i -> polls.open(host, i % 2 == 0 ? first : second).status());
        assertEquals(4, opened.stream().filter(code -> code == 200).count(), "one poll opens, four times: " + opened);
        assertEquals(4, opened.stream().filter(code -> code == 409).count(), "the other cannot: " + opened);
        List<JsonObject> listed = polls.items(host, room);
        assertEquals(1, listed.stream().filter(p -> p.getString("status").equals("open")).count(), listed.toString());
        long open = id(listed.stream().filter(p -> p.getString("status").equals("open")).findFirst().orElseThrow());

        List<Integer> closed = AtOnce.run(8, i -> polls.close(host, open).status());
        assertTrue(closed.stream().allMatch(code -> code == 200), "closing again answers as a repeat does: " + closed);
        fence(watcher, room.roomNumber());
        assertEquals(List.of("open", "closed"), events(watcher, 240).stream().filter(p -> id(p) == open)
                .map(p -> p.getString("status")).toList(), "one event for each change");
        assertEquals(List.of("poll.close", "poll.open", "poll.create", "poll.create"), polls.audited(host, room),
                "one audit entry for each change");
    }

    @Test
    void theRoomGetsNoFrameWithCode200FromPolls() {
        long id = polls.opened(host, room, true, false, "Quiet?", "a", "b");
        polls.vote(viewer, id, 0, 1).expect(200);
        awaitResults(watcher, id, List.of(1, 1));
        polls.close(host, id).expect(200);
        awaitPoll(watcher, id, "closed");
        fence(watcher, room.roomNumber());
        assertTrue(watcher.frames().stream().noneMatch(f -> f.getInt("code") == 200
                && !f.getString("data").contains("fence")), "polls send nothing with code 200: " + watcher.frames());
        assertEquals(1, api.total(host, room), "and post nothing to the chat's history");
    }

    private List<Guest> guests(String prefix, int count) throws Exception {
        return AtOnce.run(count, i -> api.guest(prefix + i));
    }

}
