/**
 * The job queue: one job runs at a time (training takes every core), the rest wait visibly; jobs
 * report progress as events the page draws live.
 */
package dev.graft.studio.jobs;
