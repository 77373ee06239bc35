package com.liveroom.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The schema the shipped migrations give an H2 database: what each chat item costs to index, and what is checked. */
class H2SchemaTest {

    private static final String URL = "jdbc:h2:mem:schema-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";

    @Test
    void aChatItemHasFourIndexEntriesAndNoForeignKeysWhileOtherTablesKeepTheirs() throws SQLException {
        Flyway.configure().dataSource(URL, "sa", "").locations("classpath:db/migration", "classpath:db/vendor/h2")
                .load().migrate();
        try (Connection connection = DriverManager.getConnection(URL, "sa", "");
             Statement statement = connection.createStatement()) {
            assertEquals(Set.of("CHAT_ITEMS_BY_CLIENT_MSG_ID", "CHAT_ITEMS_BY_TYPE", "CHAT_ITEMS_SEQ_INDEX", "PRIMARY_KEY"),
                    names(statement, "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_NAME = 'CHAT_ITEMS'"));
            assertEquals(Set.of(), names(statement, "SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
                    + " WHERE TABLE_NAME = 'CHAT_ITEMS' AND CONSTRAINT_TYPE = 'FOREIGN KEY'"));
            // the other tables keep theirs: a question still names a stream and a user that exist
            assertEquals(Set.of("STREAMS", "USERS"), names(statement, "SELECT DISTINCT PK.TABLE_NAME"
                    + " FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS R"
                    + " JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS FK ON FK.CONSTRAINT_NAME = R.CONSTRAINT_NAME"
                    + " JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS PK ON PK.CONSTRAINT_NAME = R.UNIQUE_CONSTRAINT_NAME"
                    + " WHERE FK.TABLE_NAME = 'QUESTIONS'"));
            // one seq is one item in a room
            statement.execute("INSERT INTO users (id, display_name, created_at) VALUES (1, 'n', CURRENT_TIMESTAMP)");
            statement.execute("INSERT INTO streams (id, room_number, title, org_name, host_id, epoch, last_seq, created_at)"
                    + " VALUES (1, '1', 't', 'o', 1, 'e', 0, CURRENT_TIMESTAMP)");
            String item = "INSERT INTO chat_items (id, stream_id, seq, item_type, user_id, display_name, content, created_at)"
                    + " VALUES (%d, 1, 1, 'MESSAGE', 1, 'n', 'c', CURRENT_TIMESTAMP)";
            statement.execute(item.formatted(1));
            assertThrows(SQLException.class, () -> statement.execute(item.formatted(2)));
        }
    }

    /** The names the query gives, with H2's generated suffixes (_INDEX_C, _4, ...) cut off the constraints' indexes. */
    private static Set<String> names(Statement statement, String query) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                names.add(rows.getString(1).replaceAll("(_INDEX|PRIMARY_KEY)_\\w+$", "$1"));
            }
        }
        return names;
    }
}
