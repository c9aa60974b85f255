package dev.graft.studio.web;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.graft.studio.StudioException;
import io.javalin.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.Type;

/** JSON for the Studio's API, through Gson; NaN and infinities become null, which browsers can parse. */
final class Json implements JsonMapper {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping()
            .registerTypeAdapter(Double.class, new Finite<Double>(d -> d))
            .registerTypeAdapter(double.class, new Finite<Double>(d -> d))
            .registerTypeAdapter(Float.class, new Finite<Float>(d -> (float) d))
            .registerTypeAdapter(float.class, new Finite<Float>(d -> (float) d))
            .create();

    @Override
    public String toJsonString(Object obj, Type type) {
        return GSON.toJson(obj, type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T fromJsonString(String json, Type type) {
        return (T) GSON.fromJson(json, type);
    }

    /**
     * A request's JSON body as an object, or a BAD_INPUT refusal.
     *
     * @param body the body
     * @return the object; empty for an empty body
     */
    static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            return new JsonObject();
        }
        try {
            JsonObject o = GSON.fromJson(body, JsonObject.class);
            return o == null ? new JsonObject() : o;
        } catch (JsonParseException | ClassCastException e) {
            throw StudioException.badInput("the request body is not a JSON object (" + e.getMessage() + ")");
        }
    }

    /** A string field, or null when absent. */
    static String string(JsonObject o, String key) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            return null;
        }
        try {
            return o.get(key).getAsString();
        } catch (UnsupportedOperationException | IllegalStateException e) {
            throw StudioException.badInput("'" + key + "' must be a string");
        }
    }

    /** Writes NaN and infinities as null; reads numbers through {@code fromDouble}. */
    private static final class Finite<T extends Number> extends TypeAdapter<T> {
        private final java.util.function.DoubleFunction<T> fromDouble;

        Finite(java.util.function.DoubleFunction<T> fromDouble) {
            this.fromDouble = fromDouble;
        }

        @Override
        public void write(JsonWriter out, T v) throws IOException {
            if (v == null || Double.isNaN(v.doubleValue()) || Double.isInfinite(v.doubleValue())) {
                out.nullValue();
            } else {
                out.value(v);
            }
        }

        @Override
        public T read(JsonReader in) throws IOException {
            if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return fromDouble.apply(in.nextDouble());
        }
    }
}
