package dev.graft.export.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;

/**
 * One attribute of an ONNX node.
 *
 * @param proto the attribute as ONNX stores it
 */
public record Attr(OnnxMl.AttributeProto proto) {

    public static Attr i(String name, long value) {
        return new Attr(OnnxMl.AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build());
    }

    public static Attr f(String name, float value) {
        return new Attr(OnnxMl.AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value)
                .build());
    }

    public static Attr s(String name, String value) {
        return new Attr(OnnxMl.AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build());
    }

    public static Attr ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return new Attr(b.build());
    }
}
