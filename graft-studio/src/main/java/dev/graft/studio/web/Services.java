package dev.graft.studio.web;

import dev.graft.studio.ingest.Importer;
import dev.graft.studio.ingest.Thumbnails;
import dev.graft.studio.jobs.JobQueue;
import dev.graft.studio.project.Projects;
import dev.graft.studio.project.Workspace;
import dev.graft.studio.results.Predictor;
import dev.graft.studio.results.Runs;
import dev.graft.studio.results.Studies;

/**
 * What the routes work with; one set per running Studio.
 *
 * @param projects the workspace's projects
 * @param importer uploads and imports, within the limits
 * @param thumbs image previews
 * @param jobs the one job queue
 * @param runs training, review and export of a project's runs
 * @param predictor try-it
 * @param studies comparisons
 */
record Services(Projects projects, Importer importer, Thumbnails thumbs, JobQueue jobs, Runs runs,
        Predictor predictor, Studies studies) {
    Workspace workspace() {
        return projects.workspace();
    }
}
