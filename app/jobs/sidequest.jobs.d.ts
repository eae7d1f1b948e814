import { Job } from "sidequest";

export declare class EncoreTask extends Job {
  run(taskName: string, payload: unknown): Promise<unknown>;
}
