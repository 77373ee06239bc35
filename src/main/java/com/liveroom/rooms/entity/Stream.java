package com.liveroom.rooms.entity;

import com.liveroom.identity.entity.Caller;
import com.liveroom.identity.entity.User;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A live stream and its chat room. The room numbers its items itself: {@link #post} hands out the next
 * {@code seq}, so every item of a room has its place in one order, the same in history and on the wire.
 * {@code epoch} names the room's history; it would change only if that history were reset.
 */
@Entity
@Table(name = "streams")
@NamedQuery(name = Stream.BY_ROOM_NUMBER, query = "select s from Stream s where s.roomNumber = :roomNumber")
@NamedQuery(name = Stream.BY_IDS_IN_ORDER, query = "select s from Stream s where s.id in :ids order by s.id")
public class Stream {

    public static final String BY_ROOM_NUMBER = "Stream.byRoomNumber";
    public static final String BY_IDS_IN_ORDER = "Stream.byIdsInOrder";
    public static final int MAX_TITLE = 100;
    public static final int MAX_ORG_NAME = 64;
    public static final int MAX_LOGO = 512;

    @Id
    @SequenceGenerator(name = "stream_ids", sequenceName = "stream_ids", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "stream_ids")
    @Column(name = "id")
    private Long id;

    @Column(name = "room_number", nullable = false, unique = true, length = 16)
    private String roomNumber;

    @Column(name = "title", nullable = false, length = MAX_TITLE)
    private String title;

    @Column(name = "org_name", nullable = false, length = MAX_ORG_NAME)
    private String orgName;

    @Column(name = "org_logo", length = MAX_LOGO)
    private String orgLogo;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "host_id", nullable = false)
    private User host;

    @Column(name = "host_id", insertable = false, updatable = false)
    private long hostId;

    @Column(name = "epoch", nullable = false, length = 16)
    private String epoch;

    @Column(name = "last_seq", nullable = false)
    private long lastSeq;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    // room settings (moderation, V3)

    @Column(name = "closed", nullable = false)
    private boolean closed;

    @Column(name = "slow_mode_seconds", nullable = false)
    private int slowModeSeconds;

    @Convert(converter = TermsMode.Column.class)
    @Column(name = "blocked_terms_mode", nullable = false, length = 8)
    private TermsMode blockedTermsMode = TermsMode.REFUSE;

    /** Viewer messages a second to each member (V6); null: the server's default. */
    @Column(name = "chat_budget")
    private Integer chatBudget;

    protected Stream() {
    }

    public Stream(String roomNumber, String title, String orgName, String orgLogo, User host, String epoch, Instant now) {
        this.roomNumber = requireText(roomNumber, "room number");
        this.title = requireText(title, "title");
        this.orgName = requireText(orgName, "organisation name");
        this.orgLogo = orgLogo;
        this.host = Objects.requireNonNull(host);
        this.hostId = host.id();
        this.epoch = requireText(epoch, "epoch");
        this.createdAt = Objects.requireNonNull(now);
    }

    /** Adds an item to the room's history at the next position. The caller must hold the stream's row lock. */
    public ChatItem post(ItemType type, Caller author, String content, Long questionId, String clientMsgId, Instant now) {
        lastSeq++;
        return new ChatItem(this, lastSeq, type, author, content, questionId, clientMsgId, now);
    }

    public boolean isHostedBy(long userId) {
        return hostId == userId;
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a stream needs a " + what);
        }
        return value.strip();
    }

    public Long id() {
        return id;
    }

    public String roomNumber() {
        return roomNumber;
    }

    public String title() {
        return title;
    }

    public String orgName() {
        return orgName;
    }

    public String orgLogo() {
        return orgLogo;
    }

    public long hostId() {
        return hostId;
    }

    public String epoch() {
        return epoch;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public Instant createdAt() {
        return createdAt;
    }

    // room settings (moderation, V3)

    /** A closed room keeps its history and takes no new messages or questions. */
    public boolean closed() {
        return closed;
    }

    /** @return whether the room was open (otherwise nothing changes) */
    public boolean close() {
        boolean changed = !closed;
        closed = true;
        return changed;
    }

    /** @return whether the room was closed (otherwise nothing changes) */
    public boolean reopen() {
        boolean changed = closed;
        closed = false;
        return changed;
    }

    /** At most one message per this many seconds from each viewer; 0 is off. */
    public int slowModeSeconds() {
        return slowModeSeconds;
    }

    /** @return whether the pace changed */
    public boolean changeSlowMode(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("slow mode seconds cannot be negative");
        }
        boolean changed = seconds != slowModeSeconds;
        slowModeSeconds = seconds;
        return changed;
    }

    /** The room's own chat budget, viewer messages a second to each member (0: no limit); empty: the server's. */
    public Optional<Integer> chatBudget() {
        return Optional.ofNullable(chatBudget);
    }

    /** @return whether the budget changed */
    public boolean changeChatBudget(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("a chat budget cannot be negative");
        }
        boolean changed = chatBudget == null || chatBudget != perSecond;
        chatBudget = perSecond;
        return changed;
    }

    /** What a blocked term does to a post: refuse it or mask the term. */
    public TermsMode blockedTermsMode() {
        return blockedTermsMode;
    }

    /** @return whether the mode changed */
    public boolean changeTermsMode(TermsMode mode) {
        boolean changed = Objects.requireNonNull(mode) != blockedTermsMode;
        blockedTermsMode = mode;
        return changed;
    }
}
