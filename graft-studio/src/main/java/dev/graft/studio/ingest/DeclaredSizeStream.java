package dev.graft.studio.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails as soon as a zip entry inflates past the size its header declared. */
final class DeclaredSizeStream extends FilterInputStream {
    private final long declared;
    private final String name;
    private long read;

    /** An entry that yields more than it declared: a forged header. */
    static final class Overrun extends IOException {
        Overrun(String message) {
            super(message);
        }
    }

    DeclaredSizeStream(InputStream in, long declared, String name) {
        super(in);
        this.declared = declared;
        this.name = name;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws IOException {
        read += n;
        if (read > declared) {
            throw new Overrun("inflates past the " + declared + " bytes its header declares (a forged zip); refused");
        }
    }
}
