package com.liveroom.questions.entity;

public enum QuestionStatus {
    OPEN,
    ANSWERED
}
