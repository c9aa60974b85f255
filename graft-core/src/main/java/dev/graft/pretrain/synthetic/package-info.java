/**
 * Formula-driven pretraining data: image categories defined by formulas and rendered on the fly,
 * deterministic by seed and never stored. {@link dev.graft.pretrain.synthetic.Fractals} follows
 * FractalDB (Kataoka et al., ACCV 2020), {@link dev.graft.pretrain.synthetic.Shapes} draws
 * textured shapes over dead-leaves clutter, and {@link dev.graft.pretrain.synthetic.Noise} draws
 * spectrum-shaped noise (Baradad et al., NeurIPS 2021). {@link dev.graft.pretrain.synthetic.SyntheticImages}
 * makes any of them an {@link dev.graft.data.ImageSource}, so the ordinary training loop, loader
 * and augmentation pretrain on them.
 */
package dev.graft.pretrain.synthetic;
