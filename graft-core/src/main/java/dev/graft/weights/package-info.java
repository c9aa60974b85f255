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
 */
package dev.graft.weights;
