package com.liveroom.identity.control;

import com.liveroom.identity.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;

@ApplicationScoped
@Transactional
public class Users {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    public User createGuest(String displayName, String avatarUrl) {
        User user = User.guest(displayName, avatarUrl, clock.instant());
        em.persist(user);
        return user;
    }

    /** The same WeChat openid always comes back as the same user. */
    public User signInWeChat(String openId, String displayName, String avatarUrl) {
        var known = em.createNamedQuery(User.BY_OPEN_ID, User.class)
                .setParameter("openId", openId)
                .getResultStream()
                .findFirst();
        if (known.isPresent()) {
            known.get().updateProfile(displayName, avatarUrl);
            return known.get();
        }
        String name = displayName == null || displayName.isBlank() ? "WeChat user" : displayName;
        User user = User.weChat(openId, name, avatarUrl, clock.instant());
        em.persist(user);
        return user;
    }
}
