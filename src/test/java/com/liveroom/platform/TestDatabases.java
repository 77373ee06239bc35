package com.liveroom.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh databases on the build's throwaway PostgreSQL (src/test/postgres/test-server.sh), one per test, owned by
 * the role {@code liveroom} as an operator would set them up. The server trusts loopback connections, so the test
 * acts as the superuser {@code postgres} to create and drop them.
 */
final class TestDatabases implements AutoCloseable {

    static final String USER = "liveroom";
    static final String PASSWORD = "liveroom";
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String server;
    private final List<String> created = new ArrayList<>();

    private TestDatabases(String server) {
        this.server = server;
    }

    /** From {@code liveroom.it.pgUrl}, e.g. jdbc:postgresql://127.0.0.1:55432/liveroom. */
    static TestDatabases fromSystemProperties() {
        String url = System.getProperty("liveroom.it.pgUrl");
        if (url == null) {
            throw new IllegalStateException("liveroom.it.pgUrl is not set: run the tests through mvn verify");
        }
        return new TestDatabases(url.substring(0, url.lastIndexOf('/') + 1));
    }

    String create() throws SQLException {
        String name = "liveroom_it_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        admin("CREATE DATABASE " + name + " OWNER " + USER);
        created.add(name);
        return name;
    }

    String url(String database) {
        return server + database;
    }

    /** A connection as the application's role, as a second client next to the server. */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), USER, PASSWORD);
    }

    void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        for (String name : created) {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
        created.clear();
    }
}
