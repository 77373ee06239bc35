package com.liveroom.platform.control;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The driver behind the application's pooled data source, chosen by the {@code liveroom.db.url} setting:
 * an H2 file (the embedded default) or PostgreSQL. The container pools and enlists its connections; this
 * class only reads the settings, because Payara resolves {@code @DataSourceDefinition} placeholders before
 * the application's own configuration defaults are visible.
 */
public class ConfiguredDataSource implements DataSource {

    private static final int CONNECT_TIMEOUT_SECONDS = 2;

    private volatile DataSource target;
    private PrintWriter logWriter;
    private int loginTimeout;

    private DataSource target() {
        DataSource known = target;
        if (known == null) {
            synchronized (this) {
                if (target == null) {
                    target = create(ConfigProvider.getConfig(ConfiguredDataSource.class.getClassLoader()));
                }
                known = target;
            }
        }
        return known;
    }

    static DataSource create(Config config) {
        String url = config.getValue("liveroom.db.url", String.class);
        String user = config.getOptionalValue("liveroom.db.user", String.class).orElse("");
        String password = config.getOptionalValue("liveroom.db.password", String.class).orElse("");
        if (url.startsWith("jdbc:h2:")) {
            var h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            return h2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            var postgres = new PGSimpleDataSource();
            postgres.setURL(url);
            postgres.setUser(user);
            postgres.setPassword(password);
            if (!url.contains("connectTimeout=")) {
                // a database host that drops packets would hold each attempt for the driver's 10 s; a read that
                // cannot have a connection is refused (DatabaseOutages), so it should learn that soon
                postgres.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
            }
            if (!url.contains("reWriteBatchedInserts=")) {
                // the chat writer's group commit inserts its items as one JDBC batch: sent as multi-row INSERTs,
                // PostgreSQL plans and executes a statement per 128 rows, not per row
                postgres.setReWriteBatchedInserts(true);
            }
            if (postgres.getOptions() == null) {
                // an ack promises the message is on disk: whatever the server, database or role says by default,
                // this application's commits wait for the WAL flush (an URL with options= decides for itself)
                postgres.setOptions("-c synchronous_commit=on");
            }
            return postgres;
        }
        throw new IllegalStateException("liveroom.db.url must be an H2 (jdbc:h2:) or PostgreSQL (jdbc:postgresql:) URL");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return target().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        // the container passes the definition's (empty) credentials; the settings hold the real ones
        return target().getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return target().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || target().isWrapperFor(type);
    }
}
