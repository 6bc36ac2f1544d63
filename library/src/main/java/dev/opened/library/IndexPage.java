package dev.opened.library;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code index.html}: the catalog as one static page that opens from disk, with no server and no
 * network: the catalog's JSON sits inside the page, and a little vanilla JavaScript filters it.
 * The filters can be set from the URL's fragment ({@code index.html#hook=xdp&verdict=rejected}),
 * so a link can share a view.
 */
final class IndexPage {
    private static final String MARK = "/*CATALOG*/null";

    private IndexPage() {
    }

    static void write(Path file, String catalogJson) throws IOException {
        String page;
        try (InputStream in = IndexPage.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IOException("index.html template missing from the jar");
            }
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // inside <script>, only "</" (a closing tag) and "<!--" can end the data early; JSON lets "/" be escaped
        String safe = catalogJson.replace("</", "<\\/").replace("<!--", "<\\u0021--");
        Path tmp = Files.createTempFile(file.getParent(), ".index-", ".tmp");
        Files.writeString(tmp, page.replace(MARK, safe));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
