package com.liveroom.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/**
 * Tokens made outside the server: with the secret the test server runs with (so only the expiry is wrong),
 * or with another secret (forged).
 */
public final class TestTokens {

    private TestTokens() {
    }

    public static String expired(Api.Guest guest) {
        return sign(guest, System.getProperty("liveroom.it.tokenSecret"), Instant.now().minusSeconds(60));
    }

    /** A valid token that expires soon. */
    public static String expiringIn(Api.Guest guest, java.time.Duration left) {
        return sign(guest, System.getProperty("liveroom.it.tokenSecret"), Instant.now().plus(left));
    }

    public static String forged(Api.Guest guest) {
        return sign(guest, "not-the-servers-secret-but-long-enough-0123456789", Instant.now().plusSeconds(3600));
    }

    private static String sign(Api.Guest guest, String secret, Instant expires) {
        var claims = new JWTClaimsSet.Builder()
                .issuer("liveroom")
                .subject(Long.toString(guest.id()))
                .claim("name", guest.displayName())
                .claim("avatar", guest.avatarUrl())
                .issueTime(Date.from(expires.minusSeconds(3600)))
                .expirationTime(Date.from(expires))
                .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
