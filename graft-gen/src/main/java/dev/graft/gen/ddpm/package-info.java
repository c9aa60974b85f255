/** A small denoising diffusion model: UNet with timestep embedding, DDPM objective, DDIM sampling. */
package dev.graft.gen.ddpm;
