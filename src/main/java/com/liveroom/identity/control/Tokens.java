package com.liveroom.identity.control;

import com.liveroom.identity.entity.Caller;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signed, expiring session tokens (HS256 JWTs). The key is the {@code liveroom.token.secret} setting; when
 * that is empty, a random key is made once and kept in the data directory so that tokens outlive a restart.
 * Every instance of a cluster must be given the same secret.
 */
@ApplicationScoped
public class Tokens {

    static final String ISSUER = "liveroom";
    private static final String NAME = "name";
    private static final String AVATAR = "avatar";

    @Inject
    @ConfigProperty(name = "liveroom.token.secret")
    Optional<String> configuredSecret;

    @Inject
    @ConfigProperty(name = "liveroom.token.ttl-seconds", defaultValue = "86400")
    long ttlSeconds;

    @Inject
    @ConfigProperty(name = "liveroom.data.dir", defaultValue = "./data")
    String dataDir;

    @Inject
    Clock clock;

    private JWSSigner signer;
    private JWSVerifier verifier;

    @PostConstruct
    void init() {
        byte[] key = configuredSecret.filter(s -> !s.isBlank())
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> keptKey(Path.of(dataDir, "token.key")));
        try {
            signer = new MACSigner(key);
            verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("liveroom.token.secret must be at least 32 bytes long", e);
        }
    }

    public String issue(Caller caller) {
        Instant now = clock.instant();
        var claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(Long.toString(caller.id()))
                .claim(NAME, caller.displayName())
                .claim(AVATAR, caller.avatarUrl())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(ttlSeconds)))
                .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    /** The caller a token names, if it is ours, unaltered and not expired. */
    public Optional<Verified> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token.strip());
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer()) || expires == null || !expires.toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            var caller = new Caller(Long.parseLong(claims.getSubject()), claims.getStringClaim(NAME),
                    claims.getStringClaim(AVATAR));
            return Optional.of(new Verified(caller, expires.toInstant()));
        } catch (ParseException | JOSEException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The token in an {@code Authorization} header, sent bare (as the mini-program does) or as a bearer token. */
    public static Optional<String> fromAuthorization(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static byte[] keptKey(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the token key in " + file, e);
        }
    }

    /** A caller whose token checked out, and when that token stops being valid. */
    public record Verified(Caller caller, Instant expiresAt) {
    }
}
