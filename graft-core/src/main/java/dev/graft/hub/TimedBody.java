package dev.graft.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} whose reads give up when the server sends nothing for
 * a while. The JDK's own body stream blocks as long as the connection stays open, so a server that
 * stops sending (or trickles a byte now and then, slower than the stall timeout) would hold a
 * download forever. Subscribes to the body publisher one buffer list at a time, so at most one list
 * is ever queued.
 */
final class TimedBody extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long stallNanos;
    private Flow.Subscription subscription;
    private Iterator<ByteBuffer> current = List.<ByteBuffer>of().iterator();
    private ByteBuffer buffer;
    private boolean done;

    TimedBody(Duration stall) {
        this.stallNanos = stall.toNanos();
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (buffer == null || !buffer.hasRemaining()) {
            if (current.hasNext()) {
                buffer = current.next();
                continue;
            }
            if (done) {
                return -1;
            }
            next();
        }
        int n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @SuppressWarnings("unchecked")
    private void next() throws IOException {
        Object item;
        try {
            item = queue.poll(stallNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while waiting for data", e);
        }
        if (item == null) {
            close();
            throw new StalledException("the server sent nothing for "
                    + TimeUnit.NANOSECONDS.toSeconds(stallNanos) + " s");
        }
        if (item == END) {
            done = true;
        } else if (item instanceof Throwable t) {
            done = true;
            throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
        } else {
            current = ((List<ByteBuffer>) item).iterator();
            synchronized (this) {
                subscription.request(1);
            }
        }
    }

    /** Cancels the subscription, which closes the connection; later reads end the stream. */
    @Override
    public synchronized void close() {
        done = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    /** No byte arrived within the stall timeout. */
    static final class StalledException extends IOException {
        StalledException(String message) {
            super(message);
        }
    }
}
