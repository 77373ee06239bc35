package db.vendor.h2;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2, a chat item declares no foreign keys. H2 gives every foreign key an index of its own on the referencing
 * column, and chat_items had four (its stream, author, question and the moderator who deleted it): four B-tree
 * entries more for every item (eight in all), each written at insert and again at commit, for lookups no query makes.
 * Each reference is written by the server alone from a row it has just read (the chat writer holds the stream's row
 * lock), and streams, users and questions are never deleted.
 * PostgreSQL keeps the four keys: it checks them without an index on the items.
 * <p>
 * H2 names the keys it was not given names for ({@code CONSTRAINT_477...}), so they are looked up, not written here.
 */
public class V11__chat_items_without_foreign_keys extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        List<String> keys = new ArrayList<>();
        try (Statement statement = context.getConnection().createStatement()) {
            try (ResultSet found = statement.executeQuery("SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
                    + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = 'CHAT_ITEMS' AND CONSTRAINT_TYPE = 'FOREIGN KEY'")) {
                while (found.next()) {
                    keys.add(found.getString(1));
                }
            }
            for (String key : keys) {
                statement.execute("ALTER TABLE chat_items DROP CONSTRAINT \"" + key.replace("\"", "\"\"") + "\"");
            }
        }
    }
}
