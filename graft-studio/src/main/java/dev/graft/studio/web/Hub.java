package dev.graft.studio.web;

import dev.graft.studio.jobs.Events;
import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open pages, each listening on {@code /api/events}: every job event goes to all of them as a
 * server-sent event. A page that went away is dropped at its next send.
 */
final class Hub implements Events {
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();

    void add(SseClient client) {
        clients.add(client);
        client.onClose(() -> clients.remove(client));
        send(client, "hello", "{}");
    }

    @Override
    public void publish(String type, Object payload) {
        String json = Json.GSON.toJson(payload);
        for (SseClient c : clients) {
            send(c, type, json);
        }
    }

    int size() {
        return clients.size();
    }

    private void send(SseClient c, String type, String json) {
        synchronized (c) {
            if (c.terminated()) {
                clients.remove(c);
                return;
            }
            try {
                c.sendEvent(type, json);
            } catch (RuntimeException e) {
                clients.remove(c); // the page closed mid-send
            }
        }
    }

    void closeAll() {
        for (SseClient c : clients) {
            synchronized (c) {
                c.close();
            }
        }
        clients.clear();
    }
}
