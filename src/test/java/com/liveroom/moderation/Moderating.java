package com.liveroom.moderation;

import com.liveroom.support.Api;
import com.liveroom.support.Api.Guest;
import com.liveroom.support.Api.Room;
import com.liveroom.support.Jsons;
import jakarta.json.JsonObject;

/** The moderation REST calls, as tests make them. */
final class Moderating {

    private final Api api;
    private final Room room;

    Moderating(Api api, Room room) {
        this.api = api;
        this.room = room;
    }

    String path(String rest) {
        return "api/streams/" + room.id() + "/" + rest;
    }

    Api.Response appoint(Guest by, Guest moderator) {
        return api.put(path("moderators/" + moderator.id()), by.token(), null);
    }

    Api.Response dismiss(Guest by, Guest moderator) {
        return api.delete(path("moderators/" + moderator.id()), by.token());
    }

    Api.Response moderators(Guest by) {
        return api.get(path("moderators"), by.token());
    }

    Api.Response deleteItem(Guest by, long itemId) {
        return api.delete(path("items/" + itemId), by.token());
    }

    Api.Response mute(Guest by, Guest target, long seconds) {
        return api.put(path("mutes/" + target.id()), by.token(),
                Jsons.object().add("seconds", seconds).add("reason", "calm down").build().toString());
    }

    Api.Response unmute(Guest by, Guest target) {
        return api.delete(path("mutes/" + target.id()), by.token());
    }

    Api.Response ban(Guest by, Guest target) {
        return api.put(path("bans/" + target.id()), by.token(),
                Jsons.object().add("reason", "spam").build().toString());
    }

    Api.Response mutes(Guest by) {
        return api.get(path("mutes"), by.token());
    }

    Api.Response bans(Guest by) {
        return api.get(path("bans"), by.token());
    }

    Api.Response unban(Guest by, Guest target) {
        return api.delete(path("bans/" + target.id()), by.token());
    }

    Api.Response close(Guest by) {
        return api.post(path("close"), by.token(), "");
    }

    Api.Response reopen(Guest by) {
        return api.post(path("reopen"), by.token(), "");
    }

    Api.Response settings(Guest by, JsonObject body) {
        return api.put(path("settings"), by.token(), body.toString());
    }

    Api.Response slowMode(Guest by, int seconds) {
        return settings(by, Jsons.object().add("slowModeSeconds", seconds).build());
    }

    Api.Response termsMode(Guest by, String mode) {
        return settings(by, Jsons.object().add("blockedTermsMode", mode).build());
    }

    Api.Response addTerm(Guest by, String term) {
        return api.post(path("blocked-terms"), by.token(), Jsons.object().add("term", term).build());
    }

    Api.Response removeTerm(Guest by, long termId) {
        return api.delete(path("blocked-terms/" + termId), by.token());
    }

    Api.Response terms(Guest by) {
        return api.get(path("blocked-terms"), by.token());
    }

    Api.Response audit(Guest by, String query) {
        return api.get(path("audit" + query), by.token());
    }

    Api.Response ask(Guest asker, String content) {
        return api.post("api/question/add", asker.token(),
                Jsons.object().add("content", content).add("streamId", String.valueOf(room.id())).build());
    }

    Api.Response answer(Guest by, long questionId, String answer) {
        return api.post("api/question/" + questionId + "/answer", by.token(), Jsons.object().add("answer", answer).build());
    }
}
