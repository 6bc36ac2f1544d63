package dev.opened.callgraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/** Opening a call graph's SQLite file: created and migrated for a crawl, read-only for the read verbs. */
final class GraphFile {
    private GraphFile() {
    }

    /** Opens (creating when absent) the call graph at {@code db}. */
    static Connection open(Path db) {
        warmUp();
        try {
            Path parent = db.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection c = connect("jdbc:sqlite:" + db.toAbsolutePath(), new java.util.Properties());
            Schema.ensure(c, db.toString());
            return c;
        } catch (SQLException | java.io.IOException e) {
            throw new CallGraphException(db + ": cannot open the call graph: " + e.getMessage()
                    + " (is it a SQLite file? give another --db)", e);
        }
    }

    /**
     * Opens an existing call graph read-only: nothing is written to it (not even a schema into an
     * empty file), and it works in a directory or on a file the user cannot write. A missing, empty
     * or non-SQLite file is bad input.
     */
    static Connection openExisting(Path db) {
        if (!Files.isRegularFile(db)) {
            throw new CallGraphException(db + ": no call graph here; run 'opened crawl SOURCE' first (or give --db)");
        }
        Path abs = db.toAbsolutePath().normalize();
        try {
            if (Files.size(abs) == 0) {
                throw new CallGraphException(db + ": an empty file, not a call graph; give the --db a crawl wrote, "
                        + "or crawl into it first");
            }
        } catch (java.io.IOException e) {
            throw new CallGraphException(db + ": cannot read: " + e.getMessage(), e);
        }
        // where SQLite could not make its -shm file, the graph is read as an immutable file
        warmUp();
        boolean writable = Files.isWritable(abs) && abs.getParent() != null && Files.isWritable(abs.getParent());
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setOpenMode(SQLiteOpenMode.OPEN_URI);
        Connection c = null;
        try {
            c = connect("jdbc:sqlite:" + abs.toUri() + (writable ? "" : "?immutable=1"), cfg.toProperties());
            Schema.check(c, db.toString());
            return c;
        } catch (SQLException e) {
            close(c);
            throw new CallGraphException(db + ": cannot read the call graph: " + e.getMessage()
                    + " (is it a call graph file? give the --db a crawl wrote)", e);
        } catch (CallGraphException e) {
            close(c);
            throw e;
        }
    }

    /**
     * SQLite's driver asked directly: {@code DriverManager} first looks for every JDBC driver on the
     * class path (a service lookup through all the jars, signed ones verified), which a short verb pays
     * for nothing.
     */
    private static Connection connect(String url, java.util.Properties props) throws SQLException {
        return org.sqlite.JDBC.createConnection(url, props);
    }

    /**
     * Does, on the calling thread, what opening the first graph of a process costs before SQLite
     * reads the file: the native library loaded, and the driver's configuration built (its date
     * format reads the JDK's locale and calendar data). A verb's start may run it on another thread
     * while it parses its arguments; either thread that comes second finds the work done.
     */
    static synchronized void warmUp() {
        if (warm) {
            return;
        }
        warm = true;
        try {
            new SQLiteConfig();
            org.sqlite.SQLiteJDBCLoader.initialize();
            // the driver's class start: its logger's service lookup and DriverManager's registration
            Class.forName("org.sqlite.JDBC");
        } catch (Exception | LinkageError e) {
            // opening the graph will meet the same failure and report it
        }
    }

    /**
     * Whether {@link #warmUp} ran in this process. Process-wide as what it records is (a native
     * library loaded, JDK caches filled); an opening thread that finds the warm-up under way waits
     * for it instead of building the same configuration beside it on the other core.
     */
    private static boolean warm;

    private static void close(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException e) {
            // the failure that brought us here is the one to report
        }
    }
}
