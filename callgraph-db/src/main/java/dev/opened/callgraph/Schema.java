package dev.opened.callgraph;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The SQLite schema, versioned with {@code PRAGMA user_version}. */
final class Schema {
    static final int VERSION = 2;

    private static final String[] DDL = {
        """
        CREATE TABLE repos(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, source TEXT NOT NULL,
          commit_id TEXT, crawled_at TEXT, include_dirs TEXT NOT NULL DEFAULT '[]',
          defines TEXT NOT NULL DEFAULT '[]')""",
        "CREATE TABLE blobs(blob_id TEXT PRIMARY KEY, content TEXT NOT NULL)",
        """
        CREATE TABLE files(id INTEGER PRIMARY KEY, repo_id INTEGER NOT NULL, path TEXT NOT NULL,
          blob_id TEXT NOT NULL, spdx TEXT, license_comment TEXT, is_tu INTEGER NOT NULL, lines INTEGER NOT NULL,
          UNIQUE(repo_id, path))""",
        // One row per parsed translation unit, keyed by the blobs it read and the flags: the unit of
        // incremental work. A crawl interrupted after some batches keeps the rows it committed.
        """
        CREATE TABLE tu_cache(key TEXT PRIMARY KEY, repo_id INTEGER NOT NULL, tu_path TEXT NOT NULL,
          deps TEXT NOT NULL, result BLOB NOT NULL)""",
        "CREATE INDEX tu_cache_repo ON tu_cache(repo_id, tu_path)",
        """
        CREATE TABLE defs(id INTEGER PRIMARY KEY, repo_id INTEGER NOT NULL, file_id INTEGER NOT NULL,
          kind TEXT NOT NULL, name TEXT NOT NULL, start_off INTEGER NOT NULL, end_off INTEGER NOT NULL,
          start_line INTEGER NOT NULL, end_line INTEGER NOT NULL, signature TEXT, is_static INTEGER NOT NULL,
          is_inline INTEGER NOT NULL, section TEXT, prog_type TEXT, guards TEXT NOT NULL, active INTEGER NOT NULL)""",
        "CREATE INDEX defs_name ON defs(name, repo_id)",
        "CREATE INDEX defs_file ON defs(file_id)",
        """
        CREATE TABLE refs(from_id INTEGER NOT NULL, to_id INTEGER NOT NULL, kind TEXT NOT NULL,
          line INTEGER NOT NULL, tu TEXT NOT NULL, PRIMARY KEY(from_id, to_id, kind, tu)) WITHOUT ROWID""",
        "CREATE INDEX refs_to ON refs(to_id)",
        """
        CREATE TABLE helper_calls(def_id INTEGER NOT NULL, helper TEXT NOT NULL, line INTEGER NOT NULL,
          col INTEGER NOT NULL, PRIMARY KEY(def_id, helper)) WITHOUT ROWID""",
        """
        CREATE TABLE maps(def_id INTEGER PRIMARY KEY, style TEXT NOT NULL, map_type TEXT, key_type TEXT,
          value_type TEXT, max_entries INTEGER)""",
        """
        CREATE TABLE includes(file_id INTEGER NOT NULL, line INTEGER NOT NULL, directive TEXT NOT NULL,
          system INTEGER NOT NULL, resolved_path TEXT, guards TEXT NOT NULL)""",
        "CREATE INDEX includes_file ON includes(file_id)",
        "CREATE TABLE tu_files(tu_file_id INTEGER NOT NULL, file_id INTEGER NOT NULL, PRIMARY KEY(tu_file_id, file_id)) WITHOUT ROWID",
        """
        CREATE TABLE problems(repo_id INTEGER NOT NULL, path TEXT NOT NULL, line INTEGER NOT NULL,
          message TEXT NOT NULL, tu_path TEXT NOT NULL)""",
        // refs.tu: the translation unit that saw the use. A header's function sees what each unit
        // that includes it defined before the include (a VLAN_MAX_DEPTH set by the .c, say).
        // Which program types a function's closure fits, with the reason when it does not.
        """
        CREATE TABLE hook_fit(def_id INTEGER NOT NULL, kernel TEXT NOT NULL, program_type TEXT NOT NULL,
          fits INTEGER NOT NULL, reason TEXT, PRIMARY KEY(def_id, kernel, program_type)) WITHOUT ROWID""",
    };

    private Schema() {
    }

    /** Checks, writing nothing, that {@code c} holds a call graph of this version. */
    static void check(Connection c, String where) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version == 0) {
                throw new CallGraphException(where + ": not an OPENED call graph (a SQLite file without its tables); "
                        + "give the --db a crawl wrote, or crawl into this one first");
            }
            if (version != VERSION) {
                throw new CallGraphException(where + ": call graph schema version " + version
                        + ", this OPENED reads version " + VERSION + "; remove the file and crawl again");
            }
        }
    }

    /** Creates the schema in an empty DB, or checks the version of an existing one. */
    static void ensure(Connection c, String where) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA foreign_keys=OFF");
            s.execute("PRAGMA busy_timeout=10000");
            int version;
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version == VERSION) {
                return;
            }
            if (version != 0) {
                throw new CallGraphException(where + ": call graph schema version " + version
                        + ", this OPENED reads version " + VERSION + "; remove the file and crawl again");
            }
            boolean empty;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                empty = rs.next() && rs.getInt(1) == 0;
            }
            if (!empty) {
                throw new CallGraphException(where + ": not an OPENED call graph (it has other tables); "
                        + "give another --db");
            }
            c.setAutoCommit(false);
            for (String ddl : DDL) {
                s.execute(ddl);
            }
            s.execute("PRAGMA user_version=" + VERSION);
            c.commit();
            c.setAutoCommit(true);
        }
    }
}
