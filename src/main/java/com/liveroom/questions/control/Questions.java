package com.liveroom.questions.control;

import com.liveroom.questions.entity.Question;
import com.liveroom.platform.control.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

@ApplicationScoped
public class Questions {

    @PersistenceContext
    EntityManager em;

    public Question existing(long id) {
        Question question = em.find(Question.class, id);
        if (question == null) {
            throw Refusal.notFound("no question " + id);
        }
        return question;
    }
}
