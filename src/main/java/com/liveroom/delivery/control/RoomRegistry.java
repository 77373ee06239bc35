package com.liveroom.delivery.control;

import com.liveroom.rooms.control.History;
import com.liveroom.rooms.control.ItemView;
import com.liveroom.rooms.control.RoomEvent;
import com.liveroom.wire.Frames;
import com.liveroom.wire.WireCodes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import java.lang.System.Logger;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who is in which room on this server, and what each room's members have been given: the rooms' logs
 * ({@link RoomLog}) and each member's seat in them. Items reach it in {@code seq} order per room, each once;
 * room-wide events take their place between the items; frames for one member go to that member alone, after
 * whatever of its rooms it was still owed.
 * <p>
 * Items reach a server two ways: its own commits and, in a cluster, the commits of the other servers. The two do
 * not interleave in {@code seq} order, and an item may not come at all (its server died between commit and publish,
 * or the grid dropped it). So each room keeps a line, the last {@code seq} passed on here: an item at or below it is
 * old and dropped; an item beyond the next one means items are missing, and that range is read from the database
 * (where everything below a committed item is already committed) and passed on first.
 * <p>
 * A room that talks faster than its chat budget gives each member a sample of its viewers' messages
 * ({@link ChatSampler}): each pass builds one batch for all members that take the same messages, and a member is
 * told which seqs it was not given (230) before any item beyond them. Everything else reaches every member. Counts
 * (ambient events) go in the log at most once per interval, and a member behind is given only the latest.
 * <p>
 * Concurrency: bean-managed, and confined: the rooms and the members' seats are the fan-out thread's alone
 * ({@link FanOut}), so they need no lock. The methods other threads call only queue their work onto that thread;
 * {@link #occupied} is a concurrent set kept for readers elsewhere, and {@link #readableLog} hands out a room's
 * log for the one read that is safe on any thread.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RoomRegistry {

    private static final Logger LOG = System.getLogger(RoomRegistry.class.getName());
    /** The most items a gap is filled with at once; a larger gap is filled in several steps. */
    private static final int FILL_AT_MOST = 1000;

    @Inject
    Frames frames;

    @Inject
    History history;

    @Inject
    FanOut fanOut;

    @Inject
    SocketCloser closer;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    ChatBudgets budgets;

    @Inject
    @ConfigProperty(name = "liveroom.ws.outbox-bytes", defaultValue = "1048576")
    long outboxBytes;

    @Inject
    @ConfigProperty(name = "liveroom.delivery.write-bytes", defaultValue = "65536")
    int writeBytes;

    @Inject
    @ConfigProperty(name = "liveroom.delivery.room-log-items", defaultValue = "1000")
    int logItems;

    @Inject
    @ConfigProperty(name = "liveroom.delivery.room-log-bytes", defaultValue = "1048576")
    long logBytes;

    @Inject
    @ConfigProperty(name = "liveroom.delivery.skip-notice-ms", defaultValue = "1000")
    long skipNoticeMs;

    @Inject
    @ConfigProperty(name = "liveroom.delivery.ambient-interval-ms", defaultValue = "500")
    long ambientIntervalMs;

    @Inject
    @ConfigProperty(name = "liveroom.delivery.pass-budget-ms", defaultValue = "200")
    long passBudgetMs;

    @Inject
    @ConfigProperty(name = "liveroom.delivery.lagging-share", defaultValue = "0.1")
    double laggingShare;

    /** Whether the governor sheds chat in rooms that fall behind; off, such rooms drop the members that fall off. */
    @Inject
    @ConfigProperty(name = "liveroom.delivery.governor", defaultValue = "true")
    boolean governing;

    /**
     * How many members a room with no budget of its own has here before the governor sheds its chat under load: in a
     * smaller room, fanning out costs little, and a member that falls behind is a slow reader, given up on its own.
     */
    @Inject
    @ConfigProperty(name = "liveroom.delivery.governed-from-members", defaultValue = "100")
    int governedFromMembers;

    /** Concurrent only so that other threads may read recent history from a room's log ({@link RoomLog#visible}). */
    private final Map<Long, RoomLog> rooms = new ConcurrentHashMap<>();
    /** Rooms written since the last pass. */
    private final Set<RoomLog> written = new LinkedHashSet<>();
    /** Rooms with ambient values waiting out their interval. */
    private final Set<RoomLog> holding = new LinkedHashSet<>();
    /** Members with frames of their own, or whose write completed, since the last pass. */
    private final Set<Member> owed = new LinkedHashSet<>();
    /** The rooms with members here, for other threads. */
    private final Set<Long> occupied = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void start() {
        fanOut.afterEachRun(this::pass);
        fanOut.everySecond(this::sweep);
    }

    // ---- any thread: each queues its work onto the fan-out thread

    /** Items committed here or elsewhere, in any order: each reaches the room's members once, in seq order. */
    public void deliver(List<ItemView> items) {
        fanOut.execute(() -> items(items));
    }

    /** A room event: to the whole room in order with its items, or to one user's sockets there. */
    public void deliver(RoomEvent event) {
        fanOut.execute(() -> event(event));
    }

    /** A frame for one member alone, after everything its rooms owe it so far. */
    public void send(Member member, String frame) {
        fanOut.execute(() -> send(member, WireFrame.of(frame)));
    }

    /** A last frame for one member, then its socket is closed (a refusal that ends the connection). */
    public void sendThenClose(Member member, String frame, CloseReason.CloseCode code, String reason) {
        fanOut.execute(() -> {
            send(member, WireFrame.of(frame));
            member.closeWhenWritten = new CloseReason(code, reason);
            flush(member);
        });
    }

    /** The socket is gone: out of every room. */
    public void closed(Member member) {
        fanOut.execute(() -> leaveAll(member));
    }

    /** Passes on what the database holds beyond each room's line: items of a server that died before announcing them. */
    public void catchUpFromDatabase() {
        fanOut.execute(this::catchUp);
    }

    /** Every room's distinct users here (two tabs of one viewer are one viewer). */
    public CompletableFuture<Map<Long, Set<Long>>> users() {
        return fanOut.call(this::usersByRoom);
    }

    /** Takes each of these users' sockets out of the room, telling each why first. */
    public void remove(long streamId, Set<Long> users, LongFunction<String> frame) {
        fanOut.execute(() -> {
            RoomLog room = rooms.get(streamId);
            if (room != null) {
                toUsers(room, users::contains, user -> WireFrame.of(frame.apply(user)), true);
            }
        });
    }

    /**
     * A room's chat budget (viewer messages a second to each member, 0 for no limit) and who runs it (their messages
     * are never sampled), as its rules say now.
     */
    public void rules(long streamId, int chatBudget, Set<Long> runners) {
        fanOut.execute(() -> {
            RoomLog room = rooms.get(streamId);
            if (room != null) {
                room.sampler.rules(chatBudget, runners);
                metrics.chatBudget(streamId, room.sampler.effective());
            }
        });
    }

    /** The room's log if it is loaded here, to read recent history from ({@link RoomLog#visible}) on any thread. */
    public Optional<RoomLog> readableLog(long streamId) {
        return Optional.ofNullable(rooms.get(streamId));
    }

    /** The rooms that have members on this server (a weakly consistent view). */
    public Set<Long> occupied() {
        return occupied;
    }

    // ---- the fan-out thread only (public for the Doorkeeper; the container calls nothing here on other threads)

    /** The room if it is loaded here. */
    public RoomLog room(long streamId) {
        return rooms.get(streamId);
    }

    /** Loads a room: its history stands at {@code line}; {@code recent} are its last items, oldest first. */
    public RoomLog load(long streamId, String topic, String epoch, long line, List<ItemView> recent) {
        long before = recent.isEmpty() ? line : recent.get(0).seq() - 1;
        RoomLog room = new RoomLog(streamId, topic, epoch, before, logItems, logBytes);
        for (ItemView item : recent) {
            room.item(item, frameOf(item));
        }
        room.skip(line);
        room.passed = room.end();
        rooms.put(streamId, room);
        budgets.readSoon(streamId);
        return room;
    }

    /** An item as its members receive it. */
    public WireFrame frameOf(ItemView item) {
        return WireFrame.of(frames.item(item));
    }

    public int logItems() {
        return logItems;
    }

    /** Seats a member at the end of the room's log: it is given everything that comes after. */
    public void seat(Member member, RoomLog room) {
        seatAt(member, room, room.end());
    }

    /** Seats a member after the room's item {@code seq}: the log's items after it are written to it as live items. */
    public void seatAfter(Member member, RoomLog room, long seq) {
        seatAt(member, room, room.positionAfter(seq));
        owed.add(member);
    }

    private void seatAt(Member member, RoomLog room, long position) {
        for (Member.Seat seat : member.seats) {
            if (seat.room == room) {
                return;
            }
        }
        Member.Seat seat = new Member.Seat(room, member, position);
        seat.index = room.seats.size();
        room.seats.add(seat);
        member.seats = append(member.seats, seat);
        if (occupied.add(room.streamId)) {
            metrics.roomsActive(occupied.size());
        }
    }

    /** Takes the member out of one room (a ban, a refused join); the socket stays open for its other rooms. */
    public void leave(Member member, long streamId) {
        member.exit(streamId);
        for (Member.Seat seat : member.seats) {
            if (seat.room.streamId == streamId) {
                unseat(seat);
                member.seats = Arrays.stream(member.seats).filter(s -> s != seat).toArray(Member.Seat[]::new);
                return;
            }
        }
    }

    /** The socket is gone: out of every room. */
    private void leaveAll(Member member) {
        member.exitAll();
        for (Member.Seat seat : member.seats) {
            unseat(seat);
        }
        member.seats = new Member.Seat[0];
        member.direct = null;
        member.directBytes = 0;
        owed.remove(member);
    }

    private void items(List<ItemView> items) {
        for (ItemView item : items) {
            item(item);
        }
    }

    private void event(RoomEvent event) {
        RoomLog room = rooms.get(event.stream());
        if (room == null) {
            return;
        }
        if (event.supersedes() > 0) {
            supersede(room, event.supersedes());
        }
        WireFrame frame = WireFrame.of(event.frame());
        if (event.user() == null) {
            int code = WireCodes.codeOf(event.frame());
            if (code == WireCodes.PINNED && !pinned(room, event.frame())) {
                return;
            }
            if (WireCodes.deliveryOf(code) == WireCodes.Delivery.AMBIENT) {
                ambient(room, ambientKey(code, event.frame()), frame, System.nanoTime());
                return;
            }
            room.event(frame);
            written.add(room);
            return;
        }
        long user = event.user();
        toUsers(room, id -> id == user, id -> frame, event.removes());
    }

    /**
     * A word about the room's pin: held if newer than the one held, else dropped (an older change, or one already
     * heard from the database or another server).
     *
     * @return whether the members are to be told
     */
    public boolean pinned(RoomLog room, String frame) {
        PinnedFrame word;
        try {
            word = PinnedFrame.of(frame);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "room {0}: an unreadable pin: {1}", room.streamId, e.toString());
            return false;
        }
        if (!word.newerThan(room.pinned)) {
            return false;
        }
        room.pinned = word;
        return true;
    }

    /** Gives a member that just joined or resumed (after its 201) what the room has pinned, if anything. */
    public void sendPinned(Member member, RoomLog room) {
        if (room.pinned.frame() != null) {
            send(member, room.pinned.frame());
        }
    }

    /** A timed pin whose end has come: the members here are told, once, by this server. */
    private void endPin(RoomLog room, long nowMillis) {
        PinnedFrame held = room.pinned;
        if (held.endsBy(nowMillis)) {
            room.pinned = new PinnedFrame(held.version(), null, 0);
            room.event(WireFrame.of(held.endFrame()));
            written.add(room);
        }
    }

    /** An ambient value goes in the log at most once per interval for its kind; the latest in between waits. */
    private void ambient(RoomLog room, String key, WireFrame frame, long now) {
        ChatSampler sampler = room.sampler;
        if (sampler.ambientDue(key, now, TimeUnit.MILLISECONDS.toNanos(ambientIntervalMs))) {
            sampler.held.remove(key);
            sampler.ambientSent(key, now);
            room.ambient(frame, key);
            written.add(room);
        } else {
            sampler.held.put(key, frame);
            holding.add(room);
        }
    }

    /** What an ambient value is the value of: a room's count, or one question's votes, or one poll's counts. */
    private static String ambientKey(int code, String frame) {
        try (JsonReader reader = Json.createReader(new StringReader(frame))) {
            JsonObject data = reader.readObject().getJsonObject("data");
            JsonValue subject = data == null ? null : data.getOrDefault("questionId", data.get("pollId"));
            return subject == null ? Integer.toString(code) : code + ":" + subject;
        } catch (RuntimeException e) {
            return Integer.toString(code);
        }
    }

    /** A frame to the sockets in the room of the users named, each taking it out of the room then if asked. */
    private void toUsers(RoomLog room, LongPredicate named, LongFunction<WireFrame> frame, boolean removes) {
        for (Member.Seat seat : List.copyOf(room.seats)) {
            Member member = seat.member;
            long user = member.userId();
            if (named.test(user)) {
                send(member, frame.apply(user));
                if (removes) {
                    leave(member, room.streamId);
                }
            }
        }
    }

    /** A frame for one member alone, after everything its rooms owe it so far. */
    public void send(Member member, WireFrame frame) {
        if (member.isClosed()) {
            return;
        }
        owe(member);
        if (member.direct == null) {
            member.direct = new ArrayDeque<>(4);
        }
        member.direct.add(frame);
        member.directBytes += frame.size();
        if (member.directBytes > outboxBytes) {
            giveUp(member);
            return;
        }
        owed.add(member);
    }

    /** A member's frames of its own in the order given, after what its rooms owe it so far (a resume's replay). */
    public void sendAll(Member member, List<WireFrame> frames) {
        frames.forEach(frame -> send(member, frame));
    }

    private void catchUp() {
        for (RoomLog room : List.copyOf(rooms.values())) {
            fill(room, room.line(), Long.MAX_VALUE);
        }
    }

    private Map<Long, Set<Long>> usersByRoom() {
        Map<Long, Set<Long>> users = new HashMap<>();
        for (RoomLog room : rooms.values()) {
            Set<Long> here = new HashSet<>();
            for (Member.Seat seat : room.seats) {
                long user = seat.member.userId();
                if (user >= 0) {
                    here.add(user);
                }
            }
            if (!here.isEmpty()) {
                users.put(room.streamId, here);
            }
        }
        return users;
    }

    /**
     * Writes what is new: each room's new frames as one batch, the same bytes to every member that is caught up
     * and not in the middle of a write; every other member is written what it is owed, once its write completes.
     */
    private void pass() {
        if (!holding.isEmpty()) {
            long now = System.nanoTime();
            for (RoomLog room : List.copyOf(holding)) {
                release(room, now);
            }
        }
        if (!written.isEmpty()) {
            for (RoomLog room : written) {
                passRoom(room);
            }
            written.clear();
        }
        if (!owed.isEmpty()) {
            List<Member> members = new ArrayList<>(owed);
            owed.clear();
            members.forEach(this::flush);
        }
    }

    /** A write that had to wait has completed (or failed: the socket is going away). */
    private void written(Member member, Throwable failure) {
        member.writing = false;
        if (failure != null) {
            LOG.log(Level.DEBUG, "a write to connection {0} failed: {1}", member.id(), failure.toString());
            closer.close(member, CloseCodes.CLOSED_ABNORMALLY, "the write failed");
            return;
        }
        owed.add(member);
    }

    /**
     * Once a second: gives up members that fell behind their room's log, drops rooms nobody is in, ends the timed
     * pins whose time is up, puts in the log the ambient values that waited, has the members that were not given some
     * messages told so, and lets the governor weigh each room's load.
     */
    private void sweep() {
        long now = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        for (RoomLog room : List.copyOf(rooms.values())) {
            if (room.seats.isEmpty()) {
                holding.remove(room);
                rooms.remove(room.streamId);
                occupied.remove(room.streamId);
                metrics.roomsActive(occupied.size());
                metrics.roomGone(room.streamId);
                continue;
            }
            endPin(room, nowMillis);
            int lagging = 0;
            int farBehind = 0;
            for (Member.Seat seat : List.copyOf(room.seats)) {
                if (seat.cursor < room.first()) {
                    giveUp(seat.member);
                    continue;
                }
                if (seat.skipped > 0) {
                    room.noticesOwed = true;
                }
                // behind at two looks in a row: a write that stays pending, not one caught in passing
                boolean far = room.end() - seat.cursor > logItems / 4;
                seat.behind = far || seat.member.writing ? seat.behind + 1 : 0;
                seat.farBehind = far ? seat.farBehind + 1 : 0;
                if (seat.behind >= 2) {
                    lagging++;
                }
                if (seat.farBehind >= 2) {
                    farBehind++;
                }
            }
            if (room.noticesOwed) {
                written.add(room);
            }
            release(room, now);
            govern(room, lagging, farBehind, now);
        }
        // what the sweep put in the logs goes out now, not with the next task, which in a quiet room may not come
        pass();
    }

    /** The ambient values that waited out their interval go in the log now; the others wait on. */
    private void release(RoomLog room, long now) {
        ChatSampler sampler = room.sampler;
        holding.remove(room);
        if (!sampler.held.isEmpty()) {
            for (Map.Entry<String, WireFrame> held : List.copyOf(sampler.held.entrySet())) {
                ambient(room, held.getKey(), held.getValue(), now);
            }
        }
    }

    /**
     * The governor: a room whose passes took longer than {@code liveroom.delivery.pass-budget-ms} on average, or in which a share
     * of the members ({@code liveroom.delivery.lagging-share}) have writes pending or lag a quarter of the log, at two
     * looks a second apart, has its chat budget lowered before anyone falls off the log; a room that keeps up has it
     * raised back, step by step. A room with no budget of its own and {@code liveroom.delivery.governed-from-members}
     * members here or more is given one below the rate its viewers talk at only when that share of its members are a
     * quarter of the log behind at two looks (at risk of falling off it; busy writes and long passes alone do not
     * count there), and has it taken off again once it keeps up at that rate. With {@code liveroom.delivery.governor} off, nothing
     * is shed under load: members that fall off the log are closed (1013) and resume.
     */
    private void govern(RoomLog room, int lagging, int farBehind, long now) {
        ChatSampler sampler = room.sampler;
        // slow on average, at two looks in a row: a pass held up once (a collection, a busy machine) is no overload
        long mean = sampler.passes == 0 ? 0 : sampler.passNanos / sampler.passes;
        sampler.passes = 0;
        sampler.passNanos = 0;
        sampler.slowSweeps = mean > TimeUnit.MILLISECONDS.toNanos(passBudgetMs) ? sampler.slowSweeps + 1 : 0;
        boolean slow = sampler.slowSweeps >= 2;
        boolean overloaded;
        if (sampler.budget() > 0) {
            boolean behind = lagging > 0 && lagging >= laggingShare * room.seats.size();
            overloaded = slow || behind;
        } else {
            // no budget of its own: held back only when members are at risk of falling off the log, not while
            // the room keeps up with busy writes and long passes
            overloaded = room.seats.size() >= governedFromMembers && farBehind > 0
                    && farBehind >= laggingShare * room.seats.size();
        }
        if (governing && overloaded) {
            int before = sampler.effective();
            sampler.lower(now);
            if (sampler.effective() != before) {
                LOG.log(Level.INFO, "room {0}: chat budget {1} -> {2} a second ({3} of {4} members behind, passes of "
                        + "{5} ms on average)", room.streamId, before, sampler.effective(), lagging, room.seats.size(),
                        TimeUnit.NANOSECONDS.toMillis(mean));
            }
        } else if (governing) {
            sampler.raise(now);
        }
        metrics.chatBudget(room.streamId, sampler.effective());
        metrics.shed(room.streamId, sampler.shedChat, sampler.shedAmbient);
        sampler.shedChat = 0;
        sampler.shedAmbient = 0;
    }

    /** Moves a room's line past an item another event takes the place of (its deletion). */
    private void supersede(RoomLog room, long seq) {
        if (room.line() >= seq) {
            room.deleted(seq);
            return;
        }
        if (room.line() < seq - 1) {
            fill(room, room.line(), seq);
        }
        room.skip(seq);
    }

    private void item(ItemView item) {
        RoomLog room = rooms.get(item.stream());
        if (room == null) {
            return;
        }
        if (item.seq() <= room.line()) {
            return;
        }
        if (item.seq() > room.line() + 1) {
            fill(room, room.line(), item.seq());
        }
        append(room, item);
    }

    /** A new item of the room: a viewer's message is dealt its ticket and share; everything else goes to every member. */
    private void append(RoomLog room, ItemView item) {
        boolean chat = "message".equals(item.type()) && !room.sampler.runs(item.user());
        room.item(item, frameOf(item), chat, chat ? room.sampler.deal(System.nanoTime()) : 0);
        written.add(room);
    }

    /** Passes on the items between two positions of a room from the database, oldest first. */
    private void fill(RoomLog room, long after, long before) {
        metrics.gapFilled();
        long from = after;
        while (from < before - 1) {
            long reached = from;
            for (ItemView item : history.after(room.streamId, from, (int) Math.min(before - 1 - from, FILL_AT_MOST))) {
                if (item.seq() < before) {
                    append(room, item);
                    reached = item.seq();
                }
            }
            if (reached == from) {
                if (before != Long.MAX_VALUE) {
                    LOG.log(Level.WARNING, "room {0}: items {1} to {2} are not in the database", room.streamId,
                            from + 1, before - 1);
                }
                return;
            }
            from = reached;
        }
    }

    private void passRoom(RoomLog room) {
        long began = System.nanoTime();
        long from = room.passed;
        long end = room.end();
        room.passed = end;
        boolean noticesOwed = room.noticesOwed;
        room.noticesOwed = false;
        if (from == end && !noticesOwed) {
            return;
        }
        if (noticesOwed || from < room.first() || !plain(room, from, end)) {
            passBySample(room, from, end, began);
        } else {
            passToAll(room, from, end);
        }
        room.sampler.passes++;
        room.sampler.passNanos += System.nanoTime() - began;
    }

    /** Whether every member is given every entry of the range (nothing sampled, no ambient value replaced). */
    private static boolean plain(RoomLog room, long from, long end) {
        for (long p = from; p < end; p++) {
            RoomLog.Entry entry = room.entry(p);
            if (entry.sampled() || !entry.isFor(0, -1, end)) {
                return false;
            }
        }
        return true;
    }

    /** The same bytes for every member that is caught up; a burst over the write bound goes member by member. */
    private void passToAll(RoomLog room, long from, long end) {
        Batch batch = new Batch(room.from(from));
        if (batch.bytes() > writeBytes) {
            batch = null;
        }
        for (int i = 0; i < room.seats.size(); i++) {
            Member.Seat seat = room.seats.get(i);
            Member member = seat.member;
            // a member not yet told of messages it was not given is told before this pass's items, on its own
            if (batch != null && shares(seat, from) && seat.skipped == 0) {
                seat.cursor = end;
                write(member, batch);
            } else if (seat.cursor < end) {
                owed.add(member);
            }
        }
    }

    /**
     * A pass of a room whose chat is sampled: the members that are caught up are written what their phase takes of
     * it, built once for all members that take the same, after a notice of the messages they were not given (see
     * {@link #take}). The members whose own messages were sampled, and those that are behind, go one by one.
     */
    private void passBySample(RoomLog room, long from, long end, long now) {
        List<RoomLog.Entry> sampled = new ArrayList<>();
        Set<Long> authors = new HashSet<>();
        if (from >= room.first()) {
            for (long p = from; p < end; p++) {
                RoomLog.Entry entry = room.entry(p);
                if (entry.sampled()) {
                    sampled.add(entry);
                    authors.add(entry.author());
                }
            }
        }
        long noticeNanos = TimeUnit.MILLISECONDS.toNanos(skipNoticeMs);
        Map<Object, Share> shares = new HashMap<>();
        Map<Notice, Batch> told = new HashMap<>();
        for (int i = 0; i < room.seats.size(); i++) {
            Member.Seat seat = room.seats.get(i);
            Member member = seat.member;
            if (from < room.first() || !shares(seat, from) || authors.contains(member.userId())) {
                if (seat.cursor < end || seat.skipped > 0) {
                    owed.add(member);
                }
                continue;
            }
            Object key = takenBy(member.phase, sampled);
            Share share = shares.computeIfAbsent(key, k -> new Share(room, from, end, member.phase));
            if (share.bytes > writeBytes) {
                owed.add(member);
                continue;
            }
            seat.cursor = end;
            share.countedFor(seat);
            Batch batch = share.batch();
            if (seat.skipped > 0 && (share.carriesItem || now - seat.toldAt >= noticeNanos)) {
                Notice notice = new Notice(key, seat.skipFrom, seat.skipTo, seat.skipped);
                batch = told.computeIfAbsent(notice, n -> share.batchWith(notice(room, seat)));
                told(seat, now);
            }
            if (batch != null) {
                write(member, batch);
            }
        }
    }

    /** Which of a pass's sampled messages a member of this phase takes: members that take the same share a batch. */
    private static Object takenBy(int phase, List<RoomLog.Entry> sampled) {
        if (sampled.size() <= Long.SIZE) {
            long taken = 0;
            for (int i = 0; i < sampled.size(); i++) {
                if (ChatSampler.takes(phase, sampled.get(i).ticket, sampled.get(i).width)) {
                    taken |= 1L << i;
                }
            }
            return taken;
        }
        BitSet taken = new BitSet(sampled.size());
        for (int i = 0; i < sampled.size(); i++) {
            taken.set(i, ChatSampler.takes(phase, sampled.get(i).ticket, sampled.get(i).width));
        }
        return taken;
    }

    /** Whether a member can be written the room's pass as it is: caught up, in this room alone, not writing. */
    private static boolean shares(Member.Seat seat, long from) {
        Member member = seat.member;
        return seat.cursor == from && !member.writing && member.direct == null && member.seats.length == 1
                && !member.isClosed() && member.closeWhenWritten == null;
    }

    /** What the members that take the same messages are given of a pass, and the viewer messages they are not. */
    private static final class Share {
        final List<WireFrame> frames = new ArrayList<>();
        int bytes;
        long skipFrom;
        long skipTo;
        int skipped;
        int ambientShed;
        /** Whether the members are given an item: a notice of what they were not given must come before it. */
        boolean carriesItem;
        final ChatSampler sampler;
        private Batch batch;

        Share(RoomLog room, long from, long end, int phase) {
            sampler = room.sampler;
            for (long p = from; p < end; p++) {
                RoomLog.Entry entry = room.entry(p);
                if (entry.isFor(phase, -1, end)) {
                    frames.add(entry.frame);
                    bytes += entry.frame.size();
                    carriesItem |= entry.seq > 0;
                } else if (entry.kind == RoomLog.Entry.CHAT) {
                    if (skipped++ == 0) {
                        skipFrom = entry.seq;
                    }
                    skipTo = entry.seq;
                } else {
                    ambientShed++;
                }
            }
        }

        void countedFor(Member.Seat seat) {
            if (skipped > 0) {
                if (seat.skipped == 0) {
                    seat.skipFrom = skipFrom;
                }
                seat.skipTo = skipTo;
                seat.skipped += skipped;
                sampler.shedChat += skipped;
            }
            sampler.shedAmbient += ambientShed;
        }

        Batch batch() {
            if (batch == null && !frames.isEmpty()) {
                batch = new Batch(frames);
            }
            return batch;
        }

        Batch batchWith(WireFrame notice) {
            List<WireFrame> all = new ArrayList<>(frames.size() + 1);
            all.add(notice);
            all.addAll(frames);
            return new Batch(all);
        }
    }

    /** The notice members share when they were not given the same messages since they were last told. */
    private record Notice(Object taken, long from, long to, int skipped) {
    }

    /** Tells a member which viewer messages of the room it was not given since it was last told. */
    private WireFrame notice(RoomLog room, Member.Seat seat) {
        return WireFrame.of(frames.event(WireCodes.SKIPPED, "skipped", new Skipped(room.streamId, room.topic,
                seat.skipFrom, seat.skipTo, seat.skipped, room.sampler.effective())));
    }

    private static void told(Member.Seat seat, long now) {
        seat.skipped = 0;
        seat.skipFrom = 0;
        seat.skipTo = 0;
        seat.toldAt = now;
    }

    /**
     * Of the room's items with a seq in {@code from..to}, those the socket did not receive ({@code skipped} of them,
     * besides deleted ones) were left out to keep it within the room's chat budget ({@code budget} a second).
     */
    public record Skipped(long stream, String topic, long from, long to, int skipped, int budget) {
    }

    /**
     * Appends what a member is given of a room's log from its seat's cursor, up to {@code limit} bytes; moves the
     * cursor. The bytes taken. What the member was not given is named in a notice that comes before the items taken:
     * a client never sees an item beyond a seq it was not sent without being told first, so it never mistakes that
     * seq for a gap to fill. When no item is taken, the notice still comes, at most once per
     * {@code liveroom.delivery.skip-notice-ms}.
     */
    private int take(Member.Seat seat, List<WireFrame> out, int limit, long now) {
        RoomLog room = seat.room;
        Member member = seat.member;
        long user = member.userId();
        long until = room.end();
        int bytes = 0;
        int start = out.size();
        boolean item = false;
        while (seat.cursor < until && bytes < limit) {
            RoomLog.Entry entry = room.entry(seat.cursor++);
            if (entry.isFor(member.phase, user, until)) {
                out.add(entry.frame);
                bytes += entry.frame.size();
                item |= entry.seq > 0;
            } else if (entry.kind == RoomLog.Entry.CHAT) {
                seat.skip(entry.seq);
                room.sampler.shedChat++;
            } else {
                room.sampler.shedAmbient++;
            }
        }
        if (seat.skipped > 0 && (item || now - seat.toldAt >= TimeUnit.MILLISECONDS.toNanos(skipNoticeMs))) {
            WireFrame notice = notice(room, seat);
            out.add(start, notice);
            bytes += notice.size();
            told(seat, now);
        }
        return bytes;
    }

    /**
     * Writes a member what it is owed, up to {@code liveroom.delivery.write-bytes} at a time, unless a write of its own
     * is still under way: the container takes a write whole, so the bound keeps what a member that stopped reading
     * can hold there small; the rest waits in the room's log until the write completes.
     */
    private void flush(Member member) {
        // a write the container took at once leaves room for the next one
        while (flushOnce(member)) {
            if (member.writing || member.isClosed()) {
                return;
            }
        }
    }

    /** One write of what the member is owed; true when there was something to write. */
    private boolean flushOnce(Member member) {
        if (member.writing || member.isClosed()) {
            return false;
        }
        List<WireFrame> out = new ArrayList<>();
        int bytes = 0;
        while (member.direct != null && bytes < writeBytes) {
            WireFrame frame = member.direct.poll();
            if (frame == null) {
                member.direct = null;
                break;
            }
            member.directBytes -= frame.size();
            out.add(frame);
            bytes += frame.size();
        }
        if (member.direct != null && member.direct.isEmpty()) {
            member.direct = null;
        }
        long now = System.nanoTime();
        for (Member.Seat seat : member.seats) {
            if (seat.cursor < seat.room.first()) {
                giveUp(member);
                return false;
            }
            if (bytes < writeBytes) {
                bytes += take(seat, out, writeBytes - bytes, now);
            }
        }
        if (!out.isEmpty()) {
            write(member, new Batch(out));
        }
        if (member.closeWhenWritten != null && member.direct == null && caughtUp(member)) {
            // the close frame goes out behind the bytes just handed over: the container keeps one socket's writes in order
            CloseReason last = member.closeWhenWritten;
            closer.close(member, last.getCloseCode(), last.getReasonPhrase());
            return false;
        }
        return !out.isEmpty();
    }

    private static boolean caughtUp(Member member) {
        for (Member.Seat seat : member.seats) {
            if (seat.cursor < seat.room.end()) {
                return false;
            }
        }
        return true;
    }

    /** Moves what the member's rooms owe it into its own frames, so a frame for it alone comes after them. */
    private void owe(Member member) {
        for (Member.Seat seat : member.seats) {
            RoomLog room = seat.room;
            if (seat.cursor < room.end()) {
                if (seat.cursor < room.first()) {
                    giveUp(member);
                    return;
                }
                if (member.direct == null) {
                    member.direct = new ArrayDeque<>();
                }
                List<WireFrame> given = new ArrayList<>();
                member.directBytes += take(seat, given, Integer.MAX_VALUE, System.nanoTime());
                member.direct.addAll(given);
            }
        }
    }

    private void write(Member member, Batch batch) {
        member.writing = true;
        CompletableFuture<?> sent = member.pipe().write(batch);
        metrics.written(batch.frames().size());
        if (sent.isDone()) {
            member.writing = false;
            if (sent.isCompletedExceptionally()) {
                closer.close(member, CloseCodes.CLOSED_ABNORMALLY, "the write failed");
            }
            return;
        }
        sent.whenComplete((done, failure) -> fanOut.execute(() -> written(member, failure)));
    }

    /** A member too far behind: closed with 1013, so that it reconnects and resumes with {@code since}. */
    private void giveUp(Member member) {
        if (closer.close(member, CloseCodes.TRY_AGAIN_LATER, "too slow: reconnect and resume")) {
            metrics.slowConsumerClosed();
        }
        leaveAll(member);
    }

    private void unseat(Member.Seat seat) {
        List<Member.Seat> seats = seat.room.seats;
        int last = seats.size() - 1;
        if (seat.index <= last && seats.get(seat.index) == seat) {
            Member.Seat moved = seats.get(last);
            seats.set(seat.index, moved);
            moved.index = seat.index;
            seats.remove(last);
        }
    }

    private static Member.Seat[] append(Member.Seat[] seats, Member.Seat seat) {
        Member.Seat[] more = Arrays.copyOf(seats, seats.length + 1);
        more[seats.length] = seat;
        return more;
    }
}
