package dev.graft.studio.jobs;

/**
 * Where jobs announce what happens to them (state changes, training steps and epochs); the web
 * layer forwards these to every open page as server-sent events.
 */
@FunctionalInterface
public interface Events {
    /** Drops every event: for jobs run without a page watching. */
    Events NONE = (type, payload) -> { };

    /**
     * Announces an event.
     *
     * @param type the event's name, such as {@code job} or {@code epoch}
     * @param payload its data, serialised as JSON
     */
    void publish(String type, Object payload);
}
