package com.liveroom.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** Someone who can chat: a guest, or a WeChat user known by the openid WeChat gives us for them. */
@Entity
@Table(name = "users")
@NamedQuery(name = User.BY_OPEN_ID, query = "select u from User u where u.openId = :openId")
public class User {

    public static final String BY_OPEN_ID = "User.byOpenId";
    public static final int MAX_NAME = 64;
    public static final int MAX_AVATAR = 512;

    @Id
    @SequenceGenerator(name = "user_ids", sequenceName = "user_ids", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "user_ids")
    @Column(name = "id")
    private Long id;

    @Column(name = "display_name", nullable = false, length = MAX_NAME)
    private String displayName;

    @Column(name = "avatar_url", length = MAX_AVATAR)
    private String avatarUrl;

    @Column(name = "open_id", unique = true, length = 128)
    private String openId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected User() {
    }

    private User(String displayName, String avatarUrl, String openId, Instant createdAt) {
        this.displayName = requireName(displayName);
        this.avatarUrl = avatarUrl;
        this.openId = openId;
        this.createdAt = Objects.requireNonNull(createdAt);
    }

    public static User guest(String displayName, String avatarUrl, Instant now) {
        return new User(displayName, avatarUrl, null, now);
    }

    public static User weChat(String openId, String displayName, String avatarUrl, Instant now) {
        if (openId == null || openId.isBlank()) {
            throw new IllegalArgumentException("a WeChat user needs an openid");
        }
        return new User(displayName, avatarUrl, openId, now);
    }

    /** A returning WeChat user may bring a new name or avatar; what they leave out stays as it was. */
    public void updateProfile(String newName, String newAvatar) {
        if (newName != null && !newName.isBlank()) {
            this.displayName = requireName(newName);
        }
        if (newAvatar != null && !newAvatar.isBlank()) {
            this.avatarUrl = newAvatar;
        }
    }

    public Caller asCaller() {
        return new Caller(id, displayName, avatarUrl);
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a user needs a display name");
        }
        return name.strip();
    }

    public Long id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public String avatarUrl() {
        return avatarUrl;
    }
}
