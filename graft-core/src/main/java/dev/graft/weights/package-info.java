/**
 * Weight files: reading them into a {@link dev.graft.weights.StateDict} of float32
 * {@link dev.graft.weights.HostTensor}s and writing them back.
 *
 * <p>{@link dev.graft.weights.Weights#load} picks the reader from a file's content:
 * {@link dev.graft.weights.Safetensors} (memory-mapped per tensor, sharded through an
 * {@code *.index.json} by {@link dev.graft.weights.ShardIndex}) or {@link dev.graft.weights.PthReader}
 * for {@code torch.save} checkpoints. The PyTorch reader decodes pickle with its own restricted
 * unpickler: every Python global a file names is checked against an allow-list mirroring PyTorch's
 * {@code weights_only} loader, so a hostile checkpoint is refused by name and nothing in it runs.
 * Every failure is a {@link dev.graft.weights.WeightsException} that names the file and the fix.
 *
 * <p>Files are untrusted: {@link dev.graft.weights.WeightLimits} bounds a pickle's depth, objects
 * and fan-out, the tensors a file names and the memory it may ask for against its size, all checked
 * from what the file declares before its data is read; {@link dev.graft.weights.PickleShape} refuses
 * cycles without recursion; safetensors entries and shard-index entries are checked before use. A
 * stack overflow or an exhausted heap while parsing becomes a {@code WeightsException} too.
 */
package dev.graft.weights;
