// Sidequest imports this file to find job classes by name ("manual job resolution"), and runs
// jobs inline in the app process. Encore has a single job class that runs a named task from the
// registry the app installed at start (app/jobs/tasks.server.ts), so tasks are plain async
// functions that Vite, Vitest and the production build all load the same way.
import { Job } from "sidequest";

const TASKS = Symbol.for("encore.jobs.tasks");

export class EncoreTask extends Job {
  async run(taskName, payload) {
    const task = globalThis[TASKS]?.[taskName];
    if (!task) throw new Error(`No Encore task named "${taskName}" is registered in this process`);
    return task(payload);
  }
}
